package dev.vigil.pipelines.sensors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.model.IsoInstants;
import dev.vigil.pipelines.kafka.CassandraServer;
import dev.vigil.pipelines.kafka.ServerScript;
import dev.vigil.pipelines.kafka.StreamingChecks;
import dev.vigil.transforms.io.cassandra.CassandraSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the sensor pipeline's streaming tests compare: anomalies as {@code sensor|window_start ->
 * kind|score}, from a reference file run, a topic or Cassandra. Shared with the cluster tests.
 */
public final class SensorChecks {
  /** The seed's example sensor: its windows end minutes from now and are not compared. */
  public static final String SEED_SENSOR = "sensor1";

  /** The bundled sensor model. */
  public static final Path MODEL =
      ServerScript.ROOT.resolve("testdata/inference/sensors/sensor_anomaly.onnx");

  private SensorChecks() {}

  /**
   * The readings of {@code file} run as a file (batch) with {@code runnerArgs}; the runners agree
   * ({@code SensorCrossRunnerIT}), so any of them is the reference.
   */
  public static Map<String, String> referenceAnomalies(Path file, Path out, String... runnerArgs)
      throws Exception {
    List<String> args = new ArrayList<>(List.of(runnerArgs));
    args.addAll(List.of("--inputFile=" + file, "--outputDir=" + out, "--model=" + MODEL));
    SensorOptions options =
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).as(SensorOptions.class);
    SensorPipeline.run(options).waitUntilFinish();
    return verdicts(SensorDemo.readJsonLines(out.resolve("anomalies")));
  }

  /**
   * Sends {@code lines} to {@code topic} unkeyed, then the seed's example without a time ({@code
   * {"sensor_id": "sensor1", "value": 25.5}}): Kafka's timestamp (now) stands in and moves the
   * watermark past every generated window, so all of them fire.
   */
  public static void produceWithSeedExample(String topic, List<String> lines) throws Exception {
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    for (String line : lines) {
      records.add(new ProducerRecord<>(topic, null, line));
    }
    records.add(
        new ProducerRecord<>(
            topic, SEED_SENSOR, "{\"sensor_id\": \"" + SEED_SENSOR + "\", \"value\": 25.5}"));
    StreamingChecks.send(records);
  }

  /** The last pane of each window among {@code anomalies} (a topic's or files' records). */
  public static Map<String, String> verdicts(Collection<JsonNode> anomalies) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode a : SensorDemo.lastPanes(List.copyOf(anomalies))) {
      if (a.get("sensor_id").asText().equals(SEED_SENSOR)) {
        continue;
      }
      out.put(
          a.get("sensor_id").asText() + "|" + a.get("window_start").asText(),
          verdict(a.get("kind").asText(), a.get("anomaly_score").asDouble()));
    }
    return out;
  }

  /** The rows of {@code keyspace.sensor_anomalies}. */
  public static Map<String, String> cassandraAnomalies(String keyspace) {
    Map<String, String> rows = new TreeMap<>();
    for (List<Object> r :
        CassandraSchema.query(
            List.of(CassandraServer.HOST),
            CassandraServer.PORT,
            "SELECT sensor_id, window_start, kind, anomaly_score FROM "
                + keyspace
                + ".sensor_anomalies")) {
      if (r.get(0).equals(SEED_SENSOR)) {
        continue;
      }
      rows.put(
          r.get(0) + "|" + IsoInstants.format(((Date) r.get(1)).getTime()),
          verdict((String) r.get(2), (Double) r.get(3)));
    }
    return rows;
  }

  private static String verdict(String kind, double score) {
    return kind + "|" + String.format(Locale.ROOT, "%.6f", score);
  }
}
