package dev.vigil.pipelines.kafka;

import static dev.vigil.pipelines.kafka.SecureKafkaServer.BOOTSTRAP;
import static dev.vigil.pipelines.kafka.SecureKafkaServer.CANARY;
import static dev.vigil.pipelines.kafka.SecureKafkaServer.CLIENT_PROPERTIES;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.pipelines.FraudDetectionOptions;
import dev.vigil.pipelines.FraudDetectionPipeline;
import dev.vigil.pipelines.KafkaSettings;
import dev.vigil.pipelines.ResumeFromCheckpoint;
import dev.vigil.pipelines.generate.GenerateTransactions;
import dev.vigil.pipelines.generate.TransactionGenerator;
import dev.vigil.testing.JavaSerialized;
import dev.vigil.transforms.io.cassandra.CassandraEndpoint;
import dev.vigil.transforms.io.cassandra.CassandraSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.util.common.ReflectHelpers;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job on the embedded Flink runner reads and writes a Kafka whose only listener is
 * SASL_SSL (SCRAM over TLS), through the exactly-once sink (Kafka transactions, whose metadata
 * consumer must sign in too), and upserts into a Cassandra that takes only TLS clients that sign
 * in, with every secret passed by reference ({@code --kafkaPropertiesFile} and {@code
 * --cassandraPropertiesFile}, whose passwords are {@code ${file:...}} references). Both passwords,
 * canaries, appear in no log line, no pipeline option as serialized for the job config, no
 * transform's display data or serialized form, and no checkpoint file. Wrong passwords, and a
 * client without TLS or trusting another certificate, fail before the job starts, saying what to
 * fix.
 */
@ExtendWith({SecureKafkaServer.class, SecureCassandraServer.class})
class SecureStackIT {
  private static final String CASSANDRA_CANARY = SecureCassandraServer.CANARY;
  private static final Path CASSANDRA_CLIENT = SecureCassandraServer.CLIENT_PROPERTIES;

  private static final int TRANSACTIONS = 120;

  static Properties client() {
    Properties p = new Properties();
    p.putAll(KafkaSettings.properties(CLIENT_PROPERTIES.toString(), null));
    p.put("bootstrap.servers", BOOTSTRAP);
    return p;
  }

  @Test
  void theJobRunsOverSaslSslAndTheCanaryPasswordIsNowhere(@TempDir Path dir) throws Exception {
    assertThat(
        "the client settings hold references, not the password",
        Files.readString(CLIENT_PROPERTIES),
        not(containsString(CANARY)));
    assertThat(
        "the Cassandra client settings hold references, not the password",
        Files.readString(CASSANDRA_CLIENT),
        not(containsString(CASSANDRA_CANARY)));
    String run = UUID.randomUUID().toString().substring(0, 8);
    String keyspace = "secure_" + run;
    CassandraSchema.apply(
        cassandra(CASSANDRA_CLIENT), keyspace, ServerScript.ROOT.resolve("scripts/schema.cql"));
    String input = "secure-in-" + run;
    String scored = "secure-scored-" + run;
    CreateTopics.main(
        new String[] {
          "--properties=" + CLIENT_PROPERTIES,
          BOOTSTRAP,
          input,
          scored,
          "secure-alerts-" + run,
          "secure-dead-" + run
        });
    Path file = dir.resolve("in.jsonl");
    List<String> lines =
        TransactionGenerator.builder()
            .seed(11)
            .transactions(TRANSACTIONS)
            .cards(12)
            .days(1)
            .malformedRate(0)
            .build()
            .lines();
    GenerateTransactions.write(lines, file);
    Path checkpoints = dir.resolve("checkpoints");
    String[] args = {
      "--runner=FlinkRunner",
      "--attachedMode=false",
      "--parallelism=1",
      "--streaming=true",
      "--checkpointingInterval=1000",
      "--stateBackend=filesystem",
      "--stateBackendStoragePath=" + checkpoints.toUri(),
      "--source=KAFKA",
      "--outputs=KAFKA",
      "--kafkaExactlyOnce=true",
      "--summaries=false",
      "--cassandraHosts=" + SecureCassandraServer.HOST,
      "--cassandraPort=" + SecureCassandraServer.PORT,
      "--cassandraKeyspace=" + keyspace,
      "--cassandraPropertiesFile=" + CASSANDRA_CLIENT,
      "--bootstrapServers=" + BOOTSTRAP,
      "--kafkaPropertiesFile=" + CLIENT_PROPERTIES,
      "--inputTopic=" + input,
      "--consumerGroup=secure-" + run,
      "--scoredTopic=" + scored,
      "--alertsTopic=secure-alerts-" + run,
      "--deadLetterTopic=secure-dead-" + run,
      "--modelDir=" + StreamingChecks.V1_MODEL,
      "--maxBatchWaitMillis=100",
      "--outputDir=" + Path.of("target", "it-output", "secure-" + run).toAbsolutePath()
    };
    FraudDetectionOptions options =
        PipelineOptionsFactory.fromArgs(args).as(FraudDetectionOptions.class);

    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream err = System.err;
    PrintStream out = System.out;
    System.setErr(new PrintStream(new Tee(err, captured), true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(new Tee(out, captured), true, StandardCharsets.UTF_8));
    PipelineResult result = null;
    try {
      ProduceTransactions.main(
          new String[] {
            "--bootstrapServers=" + BOOTSTRAP,
            "--kafkaPropertiesFile=" + CLIENT_PROPERTIES,
            "--topic=" + input,
            "--input=" + file,
            "--rate=0"
          });
      result = FraudDetectionPipeline.run(options);
      Properties readCommitted = client();
      readCommitted.put("isolation.level", "read_committed");
      List<JsonNode> decisions =
          StreamingChecks.readUntil(scored, TRANSACTIONS, Duration.ofMinutes(2), readCommitted);
      Set<String> ids = new HashSet<>();
      decisions.forEach(d -> ids.add(d.get("transaction_id").asText()));
      assertThat("every transaction scored over SASL_SSL", ids.size(), equalTo(TRANSACTIONS));
      assertThat("committed once each", decisions.size(), equalTo(TRANSACTIONS));
      // Only the transactional sink commits offsets for its sink group: the records went through
      // Kafka transactions, and its metadata consumer signed in to read them back.
      try (AdminClient admin = AdminClient.create(client())) {
        assertThat(
            "exactly-once sink state committed on the secure broker",
            admin
                .listConsumerGroupOffsets("secure-" + run + "-" + scored)
                .partitionsToOffsetAndMetadata()
                .get()
                .isEmpty(),
            equalTo(false));
      }
      assertThat(
          "every transaction upserted into Cassandra over TLS, signed in",
          rowsEventually(keyspace, TRANSACTIONS),
          equalTo((long) TRANSACTIONS));
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (ResumeFromCheckpoint.latest(checkpoints).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(
          "a checkpoint completed",
          ResumeFromCheckpoint.latest(checkpoints).isPresent(),
          equalTo(true));
      // While the job runs: cancelling it deletes its checkpoints.
      int files = scanForCanaries(checkpoints);
      assertThat("checkpoint files were read", files, greaterThan(0));
    } finally {
      if (result != null) {
        result.cancel();
      }
      System.setErr(err);
      System.setOut(out);
    }

    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat("the run's log was captured", logs, containsString("outputs:"));
    assertThat("no log line holds the password", logs, not(containsString(CANARY)));
    assertThat(
        "no log line holds the Cassandra password", logs, not(containsString(CASSANDRA_CANARY)));

    // What a Kafka client logs of its configuration at INFO (every value, key by key): the
    // references are resolved inside the client, and secrets show as [hidden].
    Map<String, Object> consumer = new HashMap<>(KafkaSettings.properties(options));
    consumer.put("bootstrap.servers", BOOTSTRAP);
    consumer.put("key.deserializer", StringDeserializer.class.getName());
    consumer.put("value.deserializer", StringDeserializer.class.getName());
    ConsumerConfig resolved = new ConsumerConfig(consumer);
    assertThat(
        "the client resolved the reference",
        resolved.getPassword("sasl.jaas.config").value(),
        containsString(CANARY));
    assertThat(resolved.values().toString(), not(containsString(CANARY)));

    // What the Flink runner copies into the job's configuration (and its REST API shows).
    String optionsJson =
        new ObjectMapper()
            .registerModules(ObjectMapper.findModules(ReflectHelpers.findClassLoader()))
            .writeValueAsString(options);
    assertThat(optionsJson, containsString(CLIENT_PROPERTIES.toString()));
    assertThat(optionsJson, containsString(CASSANDRA_CLIENT.toString()));
    assertThat("no option holds the password", optionsJson, not(containsString(CANARY)));
    assertThat(
        "no option holds the Cassandra password",
        optionsJson,
        not(containsString(CASSANDRA_CANARY)));

    // Every transform's display data and serialized form (what a checkpoint's sources carry).
    Pipeline graph = Pipeline.create(options);
    FraudDetectionPipeline.build(graph, options);
    List<String> seen = new ArrayList<>();
    List<String> cassandraWriters = new ArrayList<>();
    graph.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            if (node.getTransform() != null) { // the root has none
              check(node);
            }
            return CompositeBehavior.ENTER_TRANSFORM;
          }

          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            check(node);
          }

          private void check(TransformHierarchy.Node node) {
            String display = DisplayData.from(node.getTransform()).toString();
            String serialized = JavaSerialized.of(node.getTransform());
            for (String canary : List.of(CANARY, CASSANDRA_CANARY)) {
              assertThat(
                  node.getFullName() + " display data", display, not(containsString(canary)));
              assertThat(
                  node.getFullName() + " serialized", serialized, not(containsString(canary)));
            }
            if (serialized.contains(CASSANDRA_CLIENT.toString())) {
              cassandraWriters.add(node.getFullName());
            }
            if (display.contains("sasl.jaas.config")) {
              seen.add(node.getFullName());
            }
          }
        });
    assertThat("the Kafka transforms show their settings", seen.size(), greaterThan(0));
    assertThat(
        "the Cassandra writers carry the settings file's path",
        cassandraWriters.size(),
        greaterThan(0));
  }

  /** The secure node, with the client settings in {@code settings}. */
  private static CassandraEndpoint cassandra(Path settings) {
    return new CassandraEndpoint(
        List.of(SecureCassandraServer.HOST), SecureCassandraServer.PORT, settings.toString());
  }

  /** Rows of {@code keyspace.scored_transactions}, polled until {@code want} or a minute. */
  private static long rowsEventually(String keyspace, int want) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    long rows;
    do {
      rows =
          ((Number)
                  CassandraSchema.query(
                          cassandra(CASSANDRA_CLIENT),
                          "SELECT count(*) FROM " + keyspace + ".scored_transactions")
                      .get(0)
                      .get(0))
              .longValue();
      if (rows < want) {
        Thread.sleep(500);
      }
    } while (rows < want && System.nanoTime() < deadline);
    return rows;
  }

  /**
   * Reads every file under {@code dir} and fails if one holds a canary; returns how many were read.
   * Flink deletes a checkpoint once a newer one completes, so a file or directory may vanish during
   * the walk: it is skipped, and a walk that loses a directory is started again.
   */
  private static int scanForCanaries(Path dir) throws IOException {
    for (int attempt = 0; ; attempt++) {
      int files = 0;
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path f : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
          byte[] bytes;
          try {
            bytes = Files.readAllBytes(f);
          } catch (NoSuchFileException gone) {
            continue;
          }
          files++;
          String text = new String(bytes, StandardCharsets.ISO_8859_1);
          assertThat(f + " holds the password", text, not(containsString(CANARY)));
          assertThat(
              f + " holds the Cassandra password", text, not(containsString(CASSANDRA_CANARY)));
        }
        return files;
      } catch (UncheckedIOException e) {
        if (attempt >= 5 || !(e.getCause() instanceof NoSuchFileException)) {
          throw e;
        }
      }
    }
  }

  @Test
  void aWrongPasswordFailsBeforeTheJobStartsSayingWhatToFix(@TempDir Path dir) throws Exception {
    Path wrongClient =
        withWrongPassword(dir, CLIENT_PROPERTIES, "kafka.password=" + CANARY, "WrongPw3e1f");
    FraudDetectionOptions options =
        PipelineOptionsFactory.fromArgs(
                "--runner=DirectRunner",
                "--source=KAFKA",
                "--bootstrapServers=" + BOOTSTRAP,
                "--kafkaPropertiesFile=" + wrongClient,
                "--modelDir=" + StreamingChecks.V1_MODEL)
            .as(FraudDetectionOptions.class);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> FraudDetectionPipeline.run(options));
    assertThat(
        e.getMessage(), containsString("Kafka at " + BOOTSTRAP + " refused the credentials"));
    assertThat(e.getMessage(), containsString("sasl.jaas.config"));
    assertThat(e.getMessage(), not(containsString("WrongPw3e1f")));
  }

  @Test
  void aWrongCassandraPasswordFailsBeforeTheJobStartsSayingWhatToFix(@TempDir Path dir)
      throws Exception {
    Path wrongClient =
        withWrongPassword(
            dir, CASSANDRA_CLIENT, "cassandra.password=" + CASSANDRA_CANARY, "WrongCql5d2a");
    String message = runFailure(dir, wrongClient);
    assertThat(
        message,
        containsString(
            "Cassandra at 127.0.0.1:" + SecureCassandraServer.PORT + " refused the credentials"));
    assertThat(message, containsString("--cassandraPropertiesFile=" + wrongClient));
    assertThat(message, not(containsString("WrongCql5d2a")));
    assertThat(message, not(containsString(CASSANDRA_CANARY)));
  }

  @Test
  void aClientWithoutTlsOrTrustingAnotherCertificateIsToldWhatToFix(@TempDir Path dir)
      throws Exception {
    // No settings at all: neither TLS nor credentials against a node that requires both.
    String plain = runFailure(dir, null);
    assertThat(plain, containsString("no answer from Cassandra at 127.0.0.1:"));
    assertThat(plain, containsString("ssl.enabled=true"));

    // TLS, but trusting a certificate the node does not have (the Kafka broker's).
    Path otherTrust = dir.resolve("client.properties");
    Path kafkaSecrets = CLIENT_PROPERTIES.resolveSibling("secrets.properties");
    Files.writeString(
        otherTrust,
        Files.readString(CASSANDRA_CLIENT)
            .replaceAll(
                "ssl.truststore.location=.*",
                "ssl.truststore.location=" + CLIENT_PROPERTIES.resolveSibling("truststore.p12"))
            .replaceAll(
                "ssl.truststore.password=.*",
                java.util.regex.Matcher.quoteReplacement(
                    "ssl.truststore.password=${file:" + kafkaSecrets + ":truststore.password}")));
    String tls = runFailure(dir, otherTrust);
    assertThat(tls, containsString("the TLS handshake with Cassandra at 127.0.0.1:"));
    assertThat(tls, containsString("ssl.truststore.location"));
  }

  /**
   * A copy of {@code client} (a script's client.properties) in {@code dir} whose references point
   * at a copy of its secrets file where {@code entry} (key=password) has the password {@code
   * wrong}.
   */
  private static Path withWrongPassword(Path dir, Path client, String entry, String wrong)
      throws IOException {
    Path secrets = client.resolveSibling("secrets.properties");
    Path wrongSecrets = dir.resolve("secrets.properties");
    Files.writeString(
        wrongSecrets,
        Files.readString(secrets)
            .replace(entry, entry.substring(0, entry.indexOf('=') + 1) + wrong));
    Path wrongClient = dir.resolve("client.properties");
    Files.writeString(
        wrongClient, Files.readString(client).replace(secrets.toString(), wrongSecrets.toString()));
    return wrongClient;
  }

  /** The message the fraud pipeline fails with before starting, writing to the secure node. */
  private static String runFailure(Path dir, Path cassandraSettings) throws IOException {
    Files.writeString(dir.resolve("none.jsonl"), "");
    List<String> args =
        new ArrayList<>(
            List.of(
                "--runner=DirectRunner",
                "--inputFile=" + dir.resolve("none.jsonl"),
                "--outputDir=" + dir.resolve("out"),
                "--cassandraHosts=" + SecureCassandraServer.HOST,
                "--cassandraPort=" + SecureCassandraServer.PORT,
                "--modelDir=" + StreamingChecks.V1_MODEL));
    if (cassandraSettings != null) {
      args.add("--cassandraPropertiesFile=" + cassandraSettings);
    }
    FraudDetectionOptions options =
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
            .as(FraudDetectionOptions.class);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> FraudDetectionPipeline.run(options));
    return e.getMessage();
  }

  /** Writes to two streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws IOException {
      a.write(x);
      synchronized (b) {
        b.write(x);
      }
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
      a.write(buf, off, len);
      synchronized (b) {
        b.write(buf, off, len);
      }
    }

    @Override
    public void flush() throws IOException {
      a.flush();
    }
  }
}
