package dev.vigil.pipelines.sensors;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sensor pipeline, unchanged, over the same readings on the DirectRunner, the embedded
 * FlinkRunner and the SparkRunner (local[2]): scored windows, anomalies and dead letters are
 * identical record for record (dead letters without their {@code failed_at}).
 */
class SensorCrossRunnerIT {
  private static final List<String> OUTPUTS = List.of("windows", "anomalies", "deadletter");

  @Test
  void directFlinkAndSparkGiveTheSameOutputs(@TempDir Path dir) throws IOException {
    SensorReadingGenerator.Stream stream =
        SensorReadingGenerator.of(23, 8, 3).withMalformedRate(0.01).generate();
    Path input = dir.resolve("readings.jsonl");
    Files.write(input, stream.lines());

    Map<String, List<String>> direct = run(dir, input, "direct", "--runner=DirectRunner");
    Map<String, List<String>> flink =
        run(dir, input, "flink", "--runner=FlinkRunner", "--parallelism=2");
    Map<String, List<String>> spark =
        run(dir, input, "spark", "--runner=SparkRunner", "--sparkMaster=local[2]");

    assertThat(direct.get("windows").size(), greaterThan(0));
    assertThat(direct.get("anomalies").size(), greaterThan(0));
    assertThat(direct.get("deadletter").size(), equalTo(stream.malformed()));
    for (String output : OUTPUTS) {
      assertThat("flink " + output, flink.get(output), equalTo(direct.get(output)));
      assertThat("spark " + output, spark.get(output), equalTo(direct.get(output)));
    }
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
