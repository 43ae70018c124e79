package dev.vigil.cluster;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.model.CardFeatures;
import dev.vigil.pipelines.PipelineOutputs;
import dev.vigil.pipelines.ReferenceFeaturesAccess;
import dev.vigil.pipelines.generate.TransactionGenerator;
import dev.vigil.pipelines.kafka.CassandraServer;
import dev.vigil.pipelines.kafka.KafkaServer;
import dev.vigil.pipelines.kafka.ServerScript;
import dev.vigil.pipelines.kafka.StreamingChecks;
import dev.vigil.pipelines.sensors.SensorChecks;
import dev.vigil.pipelines.sensors.SensorReadingGenerator;
import dev.vigil.transforms.io.cassandra.CassandraSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both streaming jobs submitted the way a user submits them ({@code ./vigil submit
 * --config=runner-configs/spark-cluster-kafka.args}, and {@code --job=sensors}) to a real Spark
 * standalone cluster, reading a real Kafka: the fraud job's features equal the reference
 * definitions record by record, every transaction is scored once on Kafka, in the files and in
 * Cassandra; the sensor job's anomalies equal those of the same readings run as a file, on Kafka
 * and in Cassandra. The jobs are stopped as a user stops them, by ending the driver.
 */
@ExtendWith({KafkaServer.class, CassandraServer.class, SparkCluster.class})
class SparkClusterStreamingIT {
  private static final Path ROOT = ServerScript.ROOT;

  @Test
  void theFraudStreamOnTheClusterMatchesTheReference(@TempDir Path dir) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String input = "cluster-txns-" + run;
    String scoredTopic = "cluster-scored-" + run;
    String keyspace = "vigil_sstream_" + run;
    CassandraSchema.apply(
        List.of(CassandraServer.HOST),
        CassandraServer.PORT,
        keyspace,
        ROOT.resolve("scripts/schema.cql"));
    StreamingChecks.createTopics(
        new NewTopic(input, 2, (short) 1),
        new NewTopic(scoredTopic, 1, (short) 1),
        new NewTopic(scoredTopic + "-alerts", 1, (short) 1),
        new NewTopic(scoredTopic + "-dead", 1, (short) 1));
    List<String> lines =
        TransactionGenerator.builder()
            .seed(31)
            .transactions(1200)
            .cards(80)
            // Live-like event times: an idle partition's watermark follows the clock (README).
            .start(Instant.now().minus(Duration.ofDays(1)))
            .days(1)
            .malformedRate(0.02)
            .build()
            .lines();
    StreamingChecks.Produced sent = StreamingChecks.produce(input, lines);
    Path out = dir.resolve("out");

    Process driver =
        submit(
            "--config=runner-configs/spark-cluster-kafka.args",
            "--sparkMaster=" + SparkCluster.MASTER,
            "--appName=vigil-stream-it-" + run,
            "--bootstrapServers=" + KafkaServer.BOOTSTRAP,
            "--inputTopic=" + input,
            "--consumerGroup=cluster-" + run,
            "--scoredTopic=" + scoredTopic,
            "--alertsTopic=" + scoredTopic + "-alerts",
            "--deadLetterTopic=" + scoredTopic + "-dead",
            "--checkpointDir=" + dir.resolve("checkpoints"),
            "--outputDir=" + out,
            "--cassandraHosts=" + CassandraServer.HOST,
            "--cassandraPort=" + CassandraServer.PORT,
            "--cassandraKeyspace=" + keyspace,
            // Record for record against the reference definitions: the v1 model (StreamingChecks).
            "--modelDir=" + StreamingChecks.V1_MODEL);
    try {
      List<JsonNode> scored =
          StreamingChecks.readUntil(scoredTopic, sent.valid().size(), Duration.ofMinutes(3));
      Map<String, JsonNode> byId = new HashMap<>();
      scored.forEach(s -> byId.put(s.get("transaction_id").asText(), s));
      assertThat("scored records", scored.size(), equalTo(sent.valid().size()));
      assertThat("scored once each", byId.size(), equalTo(sent.valid().size()));
      Map<String, Map<String, Double>> reference = ReferenceFeaturesAccess.compute(sent.valid());
      for (JsonNode v : sent.valid()) {
        String id = v.get("transaction_id").asText();
        JsonNode s = byId.get(id);
        assertThat("scored " + id, s != null, equalTo(true));
        for (String name : CardFeatures.NAMES) {
          assertThat(
              id + " " + name,
              s.get("features").get(name).asDouble(),
              closeTo(reference.get(id).get(name), 1e-9));
        }
      }
      List<JsonNode> dead =
          StreamingChecks.readUntil(scoredTopic + "-dead", sent.malformed(), Duration.ofMinutes(1));
      assertThat("dead letters", dead.size(), equalTo(sent.malformed()));
      // Files: a file per micro-batch partition, every transaction once.
      List<JsonNode> files =
          StreamingChecks.eventuallyMatching(
              () -> PipelineOutputs.read(out, "scored"), f -> f.size() >= byId.size());
      Map<String, Long> inFiles = new HashMap<>();
      files.forEach(f -> inFiles.merge(f.get("transaction_id").asText(), 1L, Long::sum));
      assertThat("scored files: ids", inFiles.keySet(), equalTo(byId.keySet()));
      assertThat("scored files: lines", files.size(), equalTo(byId.size()));
      assertThat(
          "one Cassandra row per scored transaction",
          StreamingChecks.countEventually(keyspace, "scored_transactions", byId.size()),
          equalTo((long) byId.size()));
    } finally {
      stop(driver);
    }
  }

  @Test
  void theSensorStreamOnTheClusterMatchesTheFileRun(@TempDir Path dir) throws Exception {
    SensorReadingGenerator.Stream stream =
        SensorReadingGenerator.of(29, 5, 2).withMalformedRate(0.01).generate();
    Path file = dir.resolve("readings.jsonl");
    Files.write(file, stream.lines());
    Map<String, String> reference =
        SensorChecks.referenceAnomalies(
            file, dir.resolve("reference"), "--runner=SparkRunner", "--sparkMaster=local[2]");
    assertThat(reference.size(), greaterThan(0));

    String run = UUID.randomUUID().toString().substring(0, 8);
    String input = "temperature_data-" + run;
    String anomaliesTopic = "sensor_anomalies-" + run;
    String deadTopic = "sensor_deadletter-" + run;
    String keyspace = "vigil_ssens_" + run;
    StreamingChecks.createTopics(
        new NewTopic(input, 1, (short) 1),
        new NewTopic(anomaliesTopic, 1, (short) 1),
        new NewTopic(deadTopic, 1, (short) 1));
    CassandraSchema.apply(
        List.of(CassandraServer.HOST),
        CassandraServer.PORT,
        keyspace,
        ROOT.resolve("scripts/schema.cql"));
    SensorChecks.produceWithSeedExample(input, stream.lines());

    Process driver =
        submit(
            "--job=sensors",
            "--runner=SparkRunner",
            "--sparkMaster=" + SparkCluster.MASTER,
            "--appName=vigil-sensors-it-" + run,
            "--streaming=true",
            "--batchIntervalMillis=2000",
            "--checkpointDir=" + dir.resolve("checkpoints"),
            "--source=KAFKA",
            "--bootstrapServers=" + KafkaServer.BOOTSTRAP,
            "--inputTopic=" + input,
            "--consumerGroup=sensors-" + run,
            "--outputs=KAFKA",
            "--anomaliesTopic=" + anomaliesTopic,
            "--deadLetterTopic=" + deadTopic,
            "--cassandraHosts=" + CassandraServer.HOST,
            "--cassandraPort=" + CassandraServer.PORT,
            "--cassandraKeyspace=" + keyspace,
            "--model=" + SensorChecks.MODEL);
    try {
      List<JsonNode> anomalies =
          StreamingChecks.readUntil(anomaliesTopic, reference.size(), Duration.ofMinutes(3));
      assertThat("anomalies on Kafka", SensorChecks.verdicts(anomalies), equalTo(reference));
      List<JsonNode> dead =
          StreamingChecks.readUntil(deadTopic, stream.malformed(), Duration.ofMinutes(1));
      assertThat("dead letters", dead.size(), equalTo(stream.malformed()));
      assertThat(
          "anomalies in Cassandra",
          StreamingChecks.eventuallyMatching(
              () -> SensorChecks.cassandraAnomalies(keyspace), rows -> rows.equals(reference)),
          equalTo(reference));
    } finally {
      stop(driver);
    }
  }

  /** {@code ./vigil submit ARGS} in the background: the driver runs in that process. */
  private static Process submit(String... args) throws Exception {
    return SparkCluster.submit(List.of(args));
  }

  /** Ends the driver (SIGTERM, as Ctrl-C would): Spark stops the application. */
  private static void stop(Process driver) throws InterruptedException {
    driver.destroy();
    if (!driver.waitFor(60, TimeUnit.SECONDS)) {
      driver.destroyForcibly().waitFor();
    }
  }
}
