package dev.vigil.benchmarks.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.benchmarks.faults.ScoredLedger.Outcome;
import dev.vigil.benchmarks.streaming.BenchKafka;
import dev.vigil.pipelines.FraudDetectionOptions;
import dev.vigil.pipelines.FraudDetectionPipeline;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exact outcome of every transaction a run's input topic holds: the batch pipeline (which
 * computes the features exactly whatever the input order) run over all of the topic's records on
 * the embedded Flink in this JVM. A live streaming run without a fault matches it (features and
 * decisions equal; the control row shows it); a fault that loses or double-counts state does not.
 */
final class BatchReference {
  private static final Logger LOG = LoggerFactory.getLogger(BatchReference.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private BatchReference() {}

  /** The reference outcomes of {@code inputTopic}'s records, by transaction id. */
  static Map<String, Outcome> of(String inputTopic, Path dir, Path modelDir) throws Exception {
    Path input = dir.resolve("input.jsonl");
    long lines = dump(inputTopic, input);
    Path out = dir.resolve("reference");
    long started = System.nanoTime();
    FraudDetectionOptions o =
        PipelineOptionsFactory.fromArgs(
                "--runner=FlinkRunner",
                "--parallelism=2",
                "--inputFile=" + input,
                "--modelDir=" + modelDir,
                "--outputDir=" + out,
                "--summaries=false")
            .as(FraudDetectionOptions.class);
    FraudDetectionPipeline.run(o).waitUntilFinish();
    Map<String, Outcome> reference = new HashMap<>();
    try (Stream<Path> files = Files.walk(out.resolve("scored"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (f.getFileName().toString().startsWith(".")) {
          continue;
        }
        for (String line : Files.readAllLines(f)) {
          JsonNode n = MAPPER.readTree(line);
          reference.put(n.get("transaction_id").asText(), Outcome.of(n));
        }
      }
    }
    LOG.info(
        "batch reference: {} input records, {} scored, in {} s",
        lines,
        reference.size(),
        (System.nanoTime() - started) / 1_000_000_000);
    return reference;
  }

  /** Writes every non-null record value of {@code topic} as a line of {@code file}. */
  private static long dump(String topic, Path file) throws IOException {
    long n = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = BenchKafka.rawConsumer(topic);
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      List<TopicPartition> parts = List.copyOf(consumer.assignment());
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.value() != null) {
            w.write(BenchKafka.utf8(r.value()).replace('\n', ' '));
            w.newLine();
            n++;
          }
        }
      }
    }
    return n;
  }
}
