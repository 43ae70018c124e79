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
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.util.common.ReflectHelpers;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job on the embedded Flink runner reads and writes a Kafka whose only listener is
 * SASL_SSL (SCRAM over TLS), with its secrets passed by reference ({@code --kafkaPropertiesFile}
 * whose password and truststore password are {@code ${file:...}} references), and the {@code vigil}
 * user's password, a canary, appears in no log line, no pipeline option as serialized for the job
 * config, no transform's display data or serialized form, and no checkpoint file. A wrong password
 * fails before the job starts, saying what to fix.
 */
@ExtendWith(SecureKafkaServer.class)
class SecureKafkaIT {
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
    String run = UUID.randomUUID().toString().substring(0, 8);
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
      "--summaries=false",
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
      List<JsonNode> decisions =
          StreamingChecks.readUntil(scored, TRANSACTIONS, Duration.ofMinutes(2), client());
      Set<String> ids = new HashSet<>();
      decisions.forEach(d -> ids.add(d.get("transaction_id").asText()));
      assertThat("every transaction scored over SASL_SSL", ids.size(), equalTo(TRANSACTIONS));
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (ResumeFromCheckpoint.latest(checkpoints).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(
          "a checkpoint completed",
          ResumeFromCheckpoint.latest(checkpoints).isPresent(),
          equalTo(true));
      // While the job runs: cancelling it deletes its checkpoints.
      int files = scanForCanary(checkpoints);
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
    assertThat("no option holds the password", optionsJson, not(containsString(CANARY)));

    // Every transform's display data and serialized form (what a checkpoint's sources carry).
    Pipeline graph = Pipeline.create(options);
    FraudDetectionPipeline.build(graph, options);
    List<String> seen = new ArrayList<>();
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
            assertThat(node.getFullName() + " display data", display, not(containsString(CANARY)));
            byte[] bytes = SerializableUtils.serializeToByteArray(node.getTransform());
            assertThat(
                node.getFullName() + " serialized",
                new String(bytes, StandardCharsets.ISO_8859_1),
                not(containsString(CANARY)));
            if (display.contains("sasl.jaas.config")) {
              seen.add(node.getFullName());
            }
          }
        });
    assertThat("the Kafka transforms show their settings", seen.size(), greaterThan(0));
  }

  /**
   * Reads every file under {@code dir} and fails if one holds the canary; returns how many were
   * read. Flink deletes a checkpoint once a newer one completes, so a file or directory may vanish
   * during the walk: it is skipped, and a walk that loses a directory is started again.
   */
  private static int scanForCanary(Path dir) throws IOException {
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
          assertThat(
              f + " holds the password",
              new String(bytes, StandardCharsets.ISO_8859_1),
              not(containsString(CANARY)));
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
    Path secrets = CLIENT_PROPERTIES.resolveSibling("secrets.properties");
    Path wrongSecrets = dir.resolve("secrets.properties");
    Files.writeString(
        wrongSecrets,
        Files.readString(secrets)
            .replace("kafka.password=" + CANARY, "kafka.password=WrongPw3e1f"));
    Path wrongClient = dir.resolve("client.properties");
    Files.writeString(
        wrongClient,
        Files.readString(CLIENT_PROPERTIES).replace(secrets.toString(), wrongSecrets.toString()));
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
