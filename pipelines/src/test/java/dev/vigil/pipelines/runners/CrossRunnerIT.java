package dev.vigil.pipelines.runners;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.greaterThan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.pipelines.FraudDetectionOptions;
import dev.vigil.pipelines.FraudDetectionPipeline;
import dev.vigil.pipelines.generate.GenerateTransactions;
import dev.vigil.pipelines.generate.TransactionGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same pipeline, unchanged, over the same bounded input on the DirectRunner, the embedded
 * FlinkRunner and the SparkRunner (local[2]): every output (scored, alerts, dead letters, merchant
 * windows, card sessions) must be identical record for record. Only {@code failed_at} (processing
 * time) is ignored, and scores are compared within 1e-6 (TensorFlow's kernels may round differently
 * for different batch sizes; rounding both to six places is not enough, as two scores 1e-7 apart
 * can round to either side of a sixth decimal).
 */
class CrossRunnerIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  static final Path SHIPPED_MODEL = Path.of("..", "testdata", "model").toAbsolutePath().normalize();
  static final List<String> OUTPUTS =
      List.of("scored", "alerts", "deadletter", "merchant_windows", "card_sessions");

  @Test
  void directFlinkAndSparkProduceIdenticalOutputs(@TempDir Path dir) throws Exception {
    Path input = dir.resolve("in.jsonl");
    GenerateTransactions.write(
        TransactionGenerator.builder()
            .seed(33)
            .transactions(600)
            .cards(50)
            .days(2)
            .malformedRate(0.03)
            .build()
            .lines(),
        input);
    Map<String, List<String>> direct =
        run(dir, input, "direct", "--runner=DirectRunner", "--enforceImmutability=false");
    Map<String, List<String>> flink =
        run(dir, input, "flink", "--runner=FlinkRunner", "--parallelism=2");
    Map<String, List<String>> spark =
        run(dir, input, "spark", "--runner=SparkRunner", "--sparkMaster=local[2]");
    for (String output : OUTPUTS) {
      assertThat(output + " is not empty", direct.get(output).size(), greaterThan(0));
      assertSame(output + ": Flink == Direct", flink.get(output), direct.get(output));
      assertSame(output + ": Spark == Direct", spark.get(output), direct.get(output));
    }
  }

  /** Same records: equal but for the score fields, which must agree within 1e-6. */
  private static void assertSame(String label, List<String> actual, List<String> expected)
      throws IOException {
    List<String> a0 = withoutScores(actual);
    List<String> e0 = withoutScores(expected);
    if (!a0.equals(e0)) {
      List<String> missing = new ArrayList<>(e0);
      missing.removeAll(a0);
      List<String> extra = new ArrayList<>(a0);
      extra.removeAll(e0);
      throw new AssertionError(
          label
              + " (scores aside): "
              + missing.size()
              + " expected records missing, "
              + extra.size()
              + " unexpected; first missing "
              + missing.subList(0, Math.min(3, missing.size()))
              + "; first unexpected "
              + extra.subList(0, Math.min(3, extra.size())));
    }
    for (int i = 0; i < expected.size(); i++) {
      JsonNode a = MAPPER.readTree(actual.get(i));
      JsonNode e = MAPPER.readTree(expected.get(i));
      for (String field : SCORES) {
        if (e.has(field)) {
          assertThat(
              label + ": " + field + " of " + expected.get(i),
              a.get(field).asDouble(),
              closeTo(e.get(field).asDouble(), 1e-6));
        }
      }
    }
  }

  /**
   * Compared within a tolerance: the scores (a model call's float arithmetic depends slightly on
   * its batch) and the amount sums (floating-point addition depends on the order a combiner sees
   * the amounts in, which differs by runner).
   */
  private static final List<String> SCORES =
      List.of("score", "avg_score", "max_score", "amount_sum");

  private static List<String> withoutScores(List<String> records) throws IOException {
    List<String> out = new ArrayList<>();
    for (String r : records) {
      ObjectNode n = (ObjectNode) MAPPER.readTree(r);
      SCORES.forEach(n::remove);
      out.add(n.toString());
    }
    return out;
  }

  private static Map<String, List<String>> run(
      Path dir, Path input, String name, String... runnerArgs) throws IOException {
    Path out = dir.resolve(name);
    List<String> args = new ArrayList<>(List.of(runnerArgs));
    args.addAll(
        List.of("--inputFile=" + input, "--outputDir=" + out, "--modelDir=" + SHIPPED_MODEL));
    FraudDetectionOptions options =
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
            .as(FraudDetectionOptions.class);
    FraudDetectionPipeline.run(options).waitUntilFinish();
    Map<String, List<String>> records = new TreeMap<>();
    for (String output : OUTPUTS) {
      records.put(output, canonical(out.resolve(output)));
    }
    return records;
  }

  /**
   * Every record of an output directory, canonicalized (fields sorted, {@code failed_at} dropped)
   * and sorted by its fields other than the scores, so records pair up across runners.
   */
  static List<String> canonical(Path dir) throws IOException {
    List<String> records = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return records;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".jsonl"))::iterator) {
        for (String line : Files.readAllLines(f)) {
          ObjectNode n = (ObjectNode) MAPPER.readTree(line);
          n.remove("failed_at");
          records.add(sorted(n).toString());
        }
      }
    }
    records.sort(
        Comparator.comparing(
                (String r) -> {
                  try {
                    ObjectNode n = (ObjectNode) MAPPER.readTree(r);
                    SCORES.forEach(n::remove);
                    return n.toString();
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                })
            .thenComparing(r -> r));
    return records;
  }

  private static JsonNode sorted(ObjectNode n) {
    ObjectNode out = MAPPER.createObjectNode();
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    names.sort(null);
    names.forEach(k -> out.set(k, n.get(k)));
    return out;
  }
}
