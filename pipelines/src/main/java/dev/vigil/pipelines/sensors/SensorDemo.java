package dev.vigil.pipelines.sensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.model.IsoInstants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code ./vigil demo sensors}: generates readings with labelled faults, runs {@link
 * SensorPipeline} over them (DirectRunner unless told otherwise), and prints the anomaly counts
 * with precision and recall per fault kind.
 *
 * <p>Own options: {@code --sensors} (default 40), {@code --hours} (12), {@code --seed} (7), {@code
 * --demoDir} (where the readings and outputs go). Every other option goes to the pipeline.
 */
public final class SensorDemo {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SensorDemo() {}

  public static void main(String[] args) throws IOException {
    int sensors = 40;
    double hours = 12;
    long seed = 7;
    Path dir = Path.of(".work", "sensor-demo");
    List<String> pipelineArgs = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("--sensors=")) {
        sensors = Integer.parseInt(a.substring(10));
      } else if (a.startsWith("--hours=")) {
        hours = Double.parseDouble(a.substring(8));
      } else if (a.startsWith("--seed=")) {
        seed = Long.parseLong(a.substring(7));
      } else if (a.startsWith("--demoDir=")) {
        dir = Path.of(a.substring(10));
      } else {
        pipelineArgs.add(a);
      }
    }
    SensorReadingGenerator.Stream stream =
        SensorReadingGenerator.of(seed, sensors, hours).generate();
    Files.createDirectories(dir);
    Path input = dir.resolve("readings.jsonl");
    Files.write(input, stream.lines());
    Path out = dir.resolve("output");
    deleteRecursively(out);
    System.out.printf(
        "[sensors] %d sensors, %.1f h: %d lines (%d malformed), %d labelled faults -> %s%n",
        sensors, hours, stream.lines().size(), stream.malformed(), stream.faults().size(), input);
    pipelineArgs.add(0, "--inputFile=" + input);
    pipelineArgs.add(1, "--outputDir=" + out);
    SensorOptions options =
        PipelineOptionsFactory.fromArgs(pipelineArgs.toArray(new String[0]))
            .withValidation()
            .as(SensorOptions.class);
    long started = System.nanoTime();
    SensorPipeline.run(options).waitUntilFinish();
    long millis = (System.nanoTime() - started) / 1_000_000;
    List<JsonNode> windows = readJsonLines(out.resolve("windows"));
    List<JsonNode> anomalies = lastPanes(readJsonLines(out.resolve("anomalies")));
    List<JsonNode> dead = readJsonLines(out.resolve("deadletter"));
    System.out.printf(
        "[sensors] pipeline done in %.1f s: %d windows scored, %d anomalous, %d dead letters%n",
        millis / 1000.0, windows.size(), anomalies.size(), dead.size());
    SensorEvaluation evaluation = SensorEvaluation.of(stream.faults(), flagged(anomalies));
    System.out.println("[sensors] anomalies against the labelled faults:");
    System.out.print(evaluation.render());
    System.out.println("[sensors] outputs under " + out.toAbsolutePath());
  }

  /** The flagged windows in anomaly records (one per sensor and window: see {@link #lastPanes}). */
  public static List<SensorEvaluation.Flagged> flagged(List<JsonNode> anomalies) {
    List<SensorEvaluation.Flagged> out = new ArrayList<>();
    for (JsonNode a : anomalies) {
      out.add(
          new SensorEvaluation.Flagged(
              a.get("sensor_id").asText(),
              IsoInstants.parseMillis(a.get("window_start").asText()),
              IsoInstants.parseMillis(a.get("window_end").asText()),
              a.get("kind").asText()));
    }
    return out;
  }

  /** One record per sensor and window: the one with the most readings (the last pane). */
  static List<JsonNode> lastPanes(List<JsonNode> records) {
    Map<String, JsonNode> last = new LinkedHashMap<>();
    for (JsonNode r : records) {
      String key = r.get("sensor_id").asText() + "|" + r.get("window_start").asText();
      JsonNode before = last.get(key);
      if (before == null
          || r.get("features").get("count").asDouble()
              >= before.get("features").get("count").asDouble()) {
        last.put(key, r);
      }
    }
    return new ArrayList<>(last.values());
  }

  /** Every JSON line of the files under {@code dir} (none when it does not exist). */
  public static List<JsonNode> readJsonLines(Path dir) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          if (!line.isBlank()) {
            out.add(JSON.readTree(line));
          }
        }
      }
    }
    return out;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted((a, b) -> b.compareTo(a))
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
