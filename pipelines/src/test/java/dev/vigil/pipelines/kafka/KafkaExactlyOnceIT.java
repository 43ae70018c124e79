package dev.vigil.pipelines.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.vigil.pipelines.FraudDetectionOptions;
import dev.vigil.pipelines.FraudDetectionPipeline;
import dev.vigil.pipelines.generate.GenerateTransactions;
import dev.vigil.pipelines.generate.TransactionGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --kafkaExactlyOnce}: the Kafka sinks write through Kafka transactions; a consumer reading
 * committed records only sees every scored transaction exactly once.
 */
@ExtendWith(KafkaServer.class)
class KafkaExactlyOnceIT {
  @Test
  void exactlyOnceSinkCommitsEveryScoredRecordOnce(@TempDir Path dir) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Path input = dir.resolve("in.jsonl");
    List<String> lines =
        TransactionGenerator.builder().seed(17).transactions(300).cards(30).days(1).build().lines();
    GenerateTransactions.write(lines, input);
    // Topics first: a topic auto-created under a running job fails its first writes, and inside a
    // Kafka transaction that stalled the commit (AddOffsetsToTxn timed out once in CI).
    StreamingChecks.createTopics(
        new NewTopic("scored-" + run, 1, (short) 1),
        new NewTopic("alerts-" + run, 1, (short) 1),
        new NewTopic("dead-" + run, 1, (short) 1));
    FraudDetectionOptions options =
        PipelineOptionsFactory.fromArgs(
                "--runner=DirectRunner",
                "--enforceImmutability=false",
                "--inputFile=" + input,
                "--outputs=KAFKA",
                "--kafkaExactlyOnce=true",
                "--bootstrapServers=" + KafkaServer.BOOTSTRAP,
                "--consumerGroup=eos-" + run,
                "--scoredTopic=scored-" + run,
                "--alertsTopic=alerts-" + run,
                "--deadLetterTopic=dead-" + run,
                "--modelDir=" + StreamingChecks.SHIPPED_MODEL,
                "--outputDir=" + dir.resolve("out"))
            .as(FraudDetectionOptions.class);
    FraudDetectionPipeline.run(options).waitUntilFinish();

    Properties readCommitted = new Properties();
    readCommitted.put("isolation.level", "read_committed");
    List<String> ids = new ArrayList<>();
    StreamingChecks.readUntil("scored-" + run, lines.size(), Duration.ofSeconds(20), readCommitted)
        .forEach(n -> ids.add(n.get("transaction_id").asText()));
    Set<String> unique = new HashSet<>(ids);
    assertThat("every transaction committed", unique.size(), equalTo(lines.size()));
    assertThat("and only once", ids.size(), equalTo(lines.size()));
    // The exactly-once sink keeps its progress as committed offsets of its sink group (only the
    // transactional path writes them), proving the records went through Kafka transactions.
    try (AdminClient admin =
        AdminClient.create(Map.of("bootstrap.servers", KafkaServer.BOOTSTRAP))) {
      Map<TopicPartition, OffsetAndMetadata> sinkState =
          admin
              .listConsumerGroupOffsets("eos-" + run + "-scored-" + run)
              .partitionsToOffsetAndMetadata()
              .get();
      assertThat("exactly-once sink state committed", sinkState.isEmpty(), equalTo(false));
    }
  }
}
