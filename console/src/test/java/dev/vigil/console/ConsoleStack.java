package dev.vigil.console;

import dev.vigil.pipelines.FraudDetectionPipeline;
import dev.vigil.pipelines.kafka.CassandraServer;
import dev.vigil.pipelines.kafka.KafkaServer;
import dev.vigil.pipelines.kafka.StreamingChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.PipelineResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * What the console tests run against: a streaming fraud pipeline on the embedded FlinkRunner over
 * the test Kafka (its own topics), and a console beside it over the same topics and the test
 * Cassandra (its own keyspace), with two analysts, alice and bob. Needs the {@code KafkaServer} and
 * {@code CassandraServer} extensions. The console tests share one ({@link Shared}): starting the
 * job and the console costs half a minute, and each test works on cards of its own.
 */
final class ConsoleStack implements ExtensionContext.Store.CloseableResource {
  static final String ALICE_PASSWORD = "alice-password";
  static final String BOB_PASSWORD = "bob-password";

  final String run = UUID.randomUUID().toString().substring(0, 8);
  final String input = "tx-" + run;
  final String keyspace = "console_" + run;
  final Console console;
  private final PipelineResult job;

  ConsoleStack(Path dir, int port) throws Exception {
    StreamingChecks.createTopics(
        new NewTopic(input, 2, (short) 1),
        new NewTopic("scored-" + run, 1, (short) 1),
        new NewTopic("alerts-" + run, 1, (short) 1),
        new NewTopic("dead-" + run, 1, (short) 1),
        new NewTopic("labels-" + run, 1, (short) 1));
    Path users = dir.resolve("users");
    Files.write(
        users,
        List.of(
            Users.hashLine("alice", ALICE_PASSWORD.toCharArray()),
            Users.hashLine("bob", BOB_PASSWORD.toCharArray())));
    job = FraudDetectionPipeline.run(StreamingChecks.flinkKafkaPipeline(run, input));
    List<String> args =
        new ArrayList<>(
            List.of(
                "--port=" + port,
                "--usersFile=" + users,
                "--bootstrapServers=" + KafkaServer.BOOTSTRAP,
                "--cassandraHost=" + CassandraServer.HOST,
                "--cassandraPort=" + CassandraServer.PORT,
                "--keyspace=" + keyspace));
    args.addAll(topics(run));
    console = Console.start(args.toArray(String[]::new));
  }

  /** The console's topic and consumer-group options for the run {@code run}'s topics. */
  static List<String> topics(String run) {
    return List.of(
        "--alertsTopic=alerts-" + run,
        "--scoredTopic=scored-" + run,
        "--deadLetterTopic=dead-" + run,
        "--merchantWindowsTopic=windows-" + run,
        "--labelsTopic=labels-" + run,
        "--cardActionsTopic=card-actions-" + run,
        "--inputTopic=tx-" + run,
        "--consumerGroup=vigil-" + run);
  }

  /** A transaction JSON: below latitude 45 at merchant m-far, else at m-home. */
  static String tx(String id, String card, double amount, long time, double lat, double lon) {
    return "{\"transaction_id\":\""
        + id
        + "\",\"card_id\":\""
        + card
        + "\",\"merchant_id\":\""
        + (lat < 45 ? "m-far" : "m-home")
        + "\",\"amount\":"
        + amount
        + ",\"event_time\":\""
        + Instant.ofEpochMilli(time)
        + "\",\"lat\":"
        + lat
        + ",\"lon\":"
        + lon
        + ",\"channel\":\"POS\"}";
  }

  /** Sends a transaction to the pipeline's input, keyed by its card. */
  void send(String json) throws Exception {
    String card = Json.readObject(json).get("card_id").asText();
    StreamingChecks.send(List.of(new ProducerRecord<>(input, card, json)));
  }

  /**
   * Two ordinary purchases of {@code card} in Paris, then {@code spikeId}: 4,800 in New York
   * minutes later, which the shipped model alerts on. Event times from {@code t0}.
   */
  void sendSpike(String card, String spikeId, long t0) throws Exception {
    send(tx(spikeId + "-warm-1", card, 25.0, t0, 48.85, 2.35));
    send(tx(spikeId + "-warm-2", card, 30.0, t0 + 60_000, 48.85, 2.35));
    send(tx(spikeId, card, 4_800.0, t0 + 240_000, 40.71, -74.0));
  }

  @Override
  public void close() throws Exception {
    try {
      console.close();
    } finally {
      StreamingChecks.cancel(job);
    }
  }

  /**
   * Gives a test method its {@code ConsoleStack} parameter: one stack per test JVM, started at the
   * first test that asks for it and closed after the last test (before the servers stop).
   */
  static final class Shared implements ParameterResolver {
    /** Not 18080: the Spark test cluster's master UI, which runs beside this module's tests. */
    static final int PORT = 18090;

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == ConsoleStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context
          .getRoot()
          .getStore(ExtensionContext.Namespace.create(Shared.class))
          .getOrComputeIfAbsent(
              ConsoleStack.class,
              k -> {
                try {
                  return new ConsoleStack(Files.createTempDirectory("console-stack"), PORT);
                } catch (Exception e) {
                  throw new IllegalStateException("cannot start the console test stack", e);
                }
              },
              ConsoleStack.class);
    }
  }
}
