package dev.vigil.cluster;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.model.CardFeatures;
import dev.vigil.pipelines.ReferenceFeaturesAccess;
import dev.vigil.pipelines.generate.TransactionGenerator;
import dev.vigil.pipelines.kafka.CassandraServer;
import dev.vigil.pipelines.kafka.KafkaServer;
import dev.vigil.pipelines.kafka.ServerScript;
import dev.vigil.pipelines.kafka.StreamingChecks;
import dev.vigil.transforms.io.cassandra.CassandraSchema;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming job submitted the way a user submits it ({@code ./vigil submit
 * --config=runner-configs/flink-cluster.args}) to a real Flink session cluster (JobManager and
 * TaskManager as separate JVMs), reading a real Kafka and writing Kafka and Cassandra, with
 * checkpointing on: every transaction is scored once with the exact features, every alert and dead
 * letter arrives, and the job's completed checkpoints are visible through Flink's REST API. Its
 * Kafka and Cassandra client settings reference a secrets file holding two canaries, which the job
 * configuration the REST API serves does not contain.
 */
@ExtendWith({KafkaServer.class, CassandraServer.class, FlinkCluster.class})
class FlinkClusterIT {
  private static final Logger LOG = LoggerFactory.getLogger(FlinkClusterIT.class);
  private static final Path ROOT = ServerScript.ROOT;
  private static final String KAFKA_CANARY = "ClusterCanaryKafka93e1b7";
  private static final String CASSANDRA_CANARY = "ClusterCanaryCql5d20af";

  @Test
  void streamingJobOnTheClusterScoresEverythingOnceWithCheckpoints() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String keyspace = "vigil_" + run;
    String input = "txns-" + run;
    String scoredTopic = "scored-" + run;
    String alertsTopic = "alerts-" + run;
    String deadTopic = "dead-" + run;
    String jobName = "vigil-it-" + run;
    CassandraSchema.apply(
        List.of(CassandraServer.HOST),
        CassandraServer.PORT,
        keyspace,
        ROOT.resolve("scripts/schema.cql"));
    StreamingChecks.createTopics(
        new NewTopic(input, 2, (short) 1), new NewTopic(scoredTopic, 2, (short) 1),
        new NewTopic(alertsTopic, 1, (short) 1), new NewTopic(deadTopic, 1, (short) 1));

    // Client settings by reference, as on a secured stack (docs/security.md): the secrets file
    // holds two canaries, which the plain test servers never ask for.
    Path settings = ROOT.resolve(".work/it/cluster-settings-" + run);
    Files.createDirectories(settings);
    Path secrets = settings.resolve("secrets.properties");
    Files.writeString(
        secrets,
        "jaas=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\""
            + " password=\""
            + KAFKA_CANARY
            + "\";\ncassandra.password="
            + CASSANDRA_CANARY
            + "\n");
    Path kafkaClient = settings.resolve("kafka-client.properties");
    Files.writeString(
        kafkaClient,
        "config.providers=file\n"
            + "config.providers.file.class="
            + "org.apache.kafka.common.config.provider.FileConfigProvider\n"
            + "sasl.jaas.config=${file:"
            + secrets
            + ":jaas}\n");
    Path cassandraClient = settings.resolve("cassandra-client.properties");
    Files.writeString(
        cassandraClient, "username=vigil\npassword=${file:" + secrets + ":cassandra.password}\n");

    submit(
        List.of(
            "--kafkaPropertiesFile=" + kafkaClient,
            "--cassandraPropertiesFile=" + cassandraClient,
            "--flinkMaster=" + FlinkCluster.MASTER,
            "--jobName=" + jobName,
            "--checkpointingInterval=2000",
            "--bootstrapServers=" + KafkaServer.BOOTSTRAP,
            "--inputTopic=" + input,
            "--consumerGroup=vigil-" + run,
            "--scoredTopic=" + scoredTopic,
            "--alertsTopic=" + alertsTopic,
            "--deadLetterTopic=" + deadTopic,
            "--outputs=KAFKA",
            "--cassandraHosts=" + CassandraServer.HOST,
            "--cassandraPort=" + CassandraServer.PORT,
            "--cassandraKeyspace=" + keyspace,
            "--outputDir=" + ROOT.resolve(".work/it/cluster-output-" + run)));
    String jobId = runningJob(jobName);
    try {
      // What the Flink UI and GET /jobs/<id>/config show: every pipeline option, secrets only as
      // the files that reference them.
      String config = FlinkCluster.get("/jobs/" + jobId + "/config").toString();
      assertThat(config, containsString(kafkaClient.toString()));
      assertThat(config, containsString(cassandraClient.toString()));
      assertThat(config, not(containsString(KAFKA_CANARY)));
      assertThat(config, not(containsString(CASSANDRA_CANARY)));

      List<String> lines =
          TransactionGenerator.builder()
              .seed(41)
              .transactions(800)
              .cards(80)
              .days(1)
              .start(Instant.now().minus(Duration.ofDays(1)))
              .malformedRate(0.02)
              .build()
              .lines();
      StreamingChecks.Produced sent = StreamingChecks.produce(input, lines);
      List<JsonNode> valid = sent.valid();
      int malformed = sent.malformed();

      List<JsonNode> scored =
          StreamingChecks.readUntil(scoredTopic, valid.size(), Duration.ofMinutes(2));
      Map<String, JsonNode> byId = new HashMap<>();
      scored.forEach(
          s ->
              assertThat(
                  "scored once", byId.put(s.get("transaction_id").asText(), s) == null, is(true)));
      assertThat(byId.size(), equalTo(valid.size()));
      Map<String, Map<String, Double>> reference = ReferenceFeaturesAccess.compute(valid);
      int expectedAlerts = 0;
      for (JsonNode v : valid) {
        String id = v.get("transaction_id").asText();
        JsonNode s = byId.get(id);
        for (String name : CardFeatures.NAMES) {
          assertThat(
              id + " " + name,
              s.get("features").get(name).asDouble(),
              closeTo(reference.get(id).get(name), 1e-9));
        }
        expectedAlerts += s.get("decision").asText().equals("APPROVE") ? 0 : 1;
      }
      assertThat(
          StreamingChecks.readUntil(alertsTopic, expectedAlerts, Duration.ofMinutes(1)).size(),
          equalTo(expectedAlerts));
      assertThat(
          StreamingChecks.readUntil(deadTopic, malformed, Duration.ofMinutes(1)).size(),
          equalTo(malformed));
      assertThat(
          StreamingChecks.countEventually(keyspace, "scored_transactions", valid.size()),
          equalTo((long) valid.size()));

      JsonNode checkpoints = completedCheckpoints(jobId, 2);
      long completed = checkpoints.get("counts").get("completed").asLong();
      String path = checkpoints.get("latest").get("completed").get("external_path").asText();
      LOG.info(
          "job {}: {} scored, {} alerts, {} dead letters; {} checkpoints completed, latest at {}",
          jobId,
          valid.size(),
          expectedAlerts,
          malformed,
          completed,
          path);
      assertThat(completed, greaterThanOrEqualTo(2L));
      // Flink keeps only the newest checkpoint: by now the one reported may have been replaced by
      // a later one, so the job's directory must hold that one or a later.
      Path reported = Path.of(path.replaceFirst("^file:", ""));
      assertThat(
          "the latest checkpoint (or a later one) is on disk: " + path,
          newestCheckpoint(reported.getParent()),
          greaterThanOrEqualTo(checkpointNumber(reported)));
    } finally {
      FlinkCluster.cancel(jobId);
    }
    awaitState(jobId, "CANCELED");
  }

  /** Runs {@code ./vigil submit} with the cluster config and the built job jar. */
  private static void submit(List<String> overrides) throws Exception {
    File[] jars =
        ROOT.resolve("dist-flink/target")
            .toFile()
            .listFiles((d, n) -> n.startsWith("vigil-flink-job-") && n.endsWith(".jar"));
    assertThat(
        "the job jar was built in the package phase", jars != null && jars.length == 1, is(true));
    List<String> command =
        new ArrayList<>(
            List.of(
                "bash",
                ROOT.resolve("vigil").toString(),
                "submit",
                "--config=runner-configs/flink-cluster.args"));
    command.addAll(overrides);
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
    pb.environment().put("VIGIL_JOB_JAR", jars[0].getAbsolutePath());
    pb.environment().put("JAVA_OPTS", "-Xmx1g");
    assertThat("./vigil submit exit code", pb.start().waitFor(), equalTo(0));
  }

  private static String runningJob(String name) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode job : FlinkCluster.get("/jobs/overview").get("jobs")) {
        if (job.get("name").asText().equals(name) && job.get("state").asText().equals("RUNNING")) {
          return job.get("jid").asText();
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "job "
            + name
            + " not RUNNING on the cluster within 60 s: "
            + FlinkCluster.get("/jobs/overview"));
  }

  /** N of a {@code chk-N} directory. */
  private static long checkpointNumber(Path chk) {
    return Long.parseLong(chk.getFileName().toString().substring("chk-".length()));
  }

  /** The highest N of the {@code chk-N} directories in {@code jobDir}; -1 when there is none. */
  private static long newestCheckpoint(Path jobDir) throws IOException {
    if (!Files.isDirectory(jobDir)) {
      return -1;
    }
    try (Stream<Path> entries = Files.list(jobDir)) {
      return entries
          .filter(d -> Files.isDirectory(d) && d.getFileName().toString().startsWith("chk-"))
          .mapToLong(FlinkClusterIT::checkpointNumber)
          .max()
          .orElse(-1);
    }
  }

  private static JsonNode completedCheckpoints(String jobId, long atLeast) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode checkpoints;
    do {
      checkpoints = FlinkCluster.get("/jobs/" + jobId + "/checkpoints");
      if (checkpoints.get("counts").get("completed").asLong() >= atLeast) {
        break;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    return checkpoints;
  }

  private static void awaitState(String jobId, String state) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String now;
    do {
      now = FlinkCluster.get("/jobs/" + jobId).get("state").asText();
      if (now.equals(state)) {
        return;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("job " + jobId + " is " + now + ", expected " + state);
  }
}
