package dev.vigil.pipelines.sensors;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.model.IsoInstants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sensor pipeline, unchanged, over the same readings on the DirectRunner, the embedded
 * FlinkRunner and the SparkRunner (local[2]): scored windows, anomalies and dead letters are
 * identical record for record (dead letters without their {@code failed_at}); every window's
 * features equal the reference computed without Beam, every malformed line is a dead letter, and
 * the shipped model finds the labelled faults.
 */
class SensorCrossRunnerIT {
  private static final List<String> OUTPUTS = List.of("windows", "anomalies", "deadletter");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void directFlinkAndSparkGiveTheSameOutputs(@TempDir Path dir) throws IOException {
    SensorReadingGenerator.Stream stream =
        SensorReadingGenerator.of(23, 8, 3).withMalformedRate(0.01).generate();
    Path input = dir.resolve("readings.jsonl");
    Files.write(input, stream.lines());

    // The DirectRunner's immutability check walks the whole graph per bundle (see
    // PipelineChecks.wholePipelineOptions); each transform keeps it in its own tests.
    Map<String, List<String>> direct =
        run(dir, input, "direct", "--runner=DirectRunner", "--enforceImmutability=false");
    Map<String, List<String>> flink =
        run(dir, input, "flink", "--runner=FlinkRunner", "--parallelism=2");
    Map<String, List<String>> spark =
        run(dir, input, "spark", "--runner=SparkRunner", "--sparkMaster=local[2]");

    // Every window with the reference's features, exactly; every malformed line a dead letter.
    List<String> expectedWindows = new ArrayList<>();
    for (SensorWindow w : ReferenceSensorWindows.of(stream.readings(), 600_000L, 60_000L)) {
      expectedWindows.add(SensorPipelineTest.key(w));
    }
    expectedWindows.sort(null);
    List<String> windows = new ArrayList<>();
    for (String line : direct.get("windows")) {
      windows.add(key(JSON.readTree(line)));
    }
    windows.sort(null);
    assertThat("windows equal the reference", windows, equalTo(expectedWindows));
    assertThat(direct.get("deadletter").size(), equalTo(stream.malformed()));
    // The shipped model finds the labelled faults (seed 23: eight, every kind among them).
    assertThat(stream.faults().size(), equalTo(8));
    List<JsonNode> anomalies = new ArrayList<>();
    for (String line : direct.get("anomalies")) {
      anomalies.add(JSON.readTree(line));
    }
    SensorEvaluation e =
        SensorEvaluation.of(stream.faults(), SensorDemo.flagged(SensorDemo.lastPanes(anomalies)));
    System.out.print(e.render());
    assertThat("faults found", e.recall(), greaterThanOrEqualTo(0.9));
    for (String kind : SensorReadingGenerator.KINDS) {
      assertThat(kind + " found", e.kind(kind).recall(), greaterThanOrEqualTo(0.5));
    }
    assertThat("flagged windows on a fault", e.precision(), greaterThanOrEqualTo(0.8));
    for (String output : OUTPUTS) {
      assertThat("flink " + output, flink.get(output), equalTo(direct.get(output)));
      assertThat("spark " + output, spark.get(output), equalTo(direct.get(output)));
    }
  }

  /** {@link SensorPipelineTest#key} of a written window record. */
  private static String key(JsonNode w) {
    double[] f = new double[SensorFeatures.NAMES.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = w.get("features").get(SensorFeatures.NAMES.get(i)).asDouble();
    }
    return w.get("sensor_id").asText()
        + "|"
        + IsoInstants.parseMillis(w.get("window_start").asText())
        + "|"
        + IsoInstants.parseMillis(w.get("window_end").asText())
        + "|"
        + Arrays.toString(f);
  }

  private static Map<String, List<String>> run(
      Path dir, Path input, String name, String... runnerArgs) throws IOException {
    Path out = dir.resolve(name);
    List<String> args = new ArrayList<>(List.of(runnerArgs));
    args.add("--inputFile=" + input);
    args.add("--outputDir=" + out);
    args.add("--model=" + SensorPipelineTest.MODEL);
    SensorOptions options =
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).as(SensorOptions.class);
    SensorPipeline.run(options).waitUntilFinish();
    Map<String, List<String>> records = new TreeMap<>();
    for (String output : OUTPUTS) {
      List<String> lines = new ArrayList<>();
      for (JsonNode n : SensorDemo.readJsonLines(out.resolve(output))) {
        if (n instanceof ObjectNode o) {
          o.remove("failed_at");
        }
        lines.add(n.toString());
      }
      lines.sort(null);
      records.put(output, lines);
    }
    return records;
  }
}
