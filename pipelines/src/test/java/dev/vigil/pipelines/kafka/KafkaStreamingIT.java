package dev.vigil.pipelines.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.model.CardFeatures;
import dev.vigil.pipelines.FraudDetectionOptions;
import dev.vigil.pipelines.FraudDetectionPipeline;
import dev.vigil.pipelines.generate.TransactionGenerator;
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
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import dev.vigil.transforms.io.cassandra.CassandraSchema;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The streaming pipeline against a real Kafka: generated transactions plus malformed records are
 * produced with a real producer (keyed by card, so each card arrives in order), the pipeline runs
 * unbounded (stateful features, batched scoring with a maximum wait) and writes scored records,
 * alerts and dead letters to real topics, which the test reads back.
 */
@ExtendWith({KafkaServer.class, CassandraServer.class})
class KafkaStreamingIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  static final Path SHIPPED_MODEL = KafkaServer.ROOT.resolve("testdata/model");

  /** Runner options: the same pipeline, unchanged, on the DirectRunner and the embedded Flink. */
  static Stream<Arguments> runners() {
    return Stream.of(
        Arguments.of("DirectRunner", List.of("--runner=DirectRunner", "--blockOnRun=false", "--enforceImmutability=false")),
        Arguments.of("FlinkRunner", List.of("--runner=FlinkRunner", "--attachedMode=false", "--parallelism=2",
            "--checkpointingInterval=2000")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runners")
  void streamingScoresEveryTransactionOnceAndDeadLettersEveryMalformedRecord(
      String runnerName, List<String> runnerArgs) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String keyspace = "vigil_" + run;
    // Not a @TempDir: a cancelled streaming job may still be closing its file writers.
    Path dir = Path.of("target", "it-output", runnerName + "-" + run).toAbsolutePath();
    CassandraSchema.apply(List.of(CassandraServer.HOST), CassandraServer.PORT, keyspace,
        KafkaServer.ROOT.resolve("scripts/schema.cql"));
    String input = "txns-" + run;
    String scoredTopic = "scored-" + run;
    String alertsTopic = "alerts-" + run;
    String deadTopic = "dead-" + run;
    try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", KafkaServer.BOOTSTRAP))) {
      admin.createTopics(List.of(
          new NewTopic(input, 3, (short) 1), new NewTopic(scoredTopic, 2, (short) 1),
          new NewTopic(alertsTopic, 1, (short) 1), new NewTopic(deadTopic, 1, (short) 1))).all().get();
    }
    List<String> lines =
        TransactionGenerator.builder()
            .seed(5)
            .transactions(1200)
            .cards(120)
            // Live-like event times (the last 24 h): an idle partition's watermark follows the
            // processing-time clock, so replaying old history would make it late (see README).
            .start(java.time.Instant.now().minus(Duration.ofDays(1)))
            .days(1)
            .malformedRate(0.02)
            .build()
            .lines();
    List<JsonNode> valid = new ArrayList<>();
    int malformed = 0;
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps())) {
      for (String line : lines) {
        JsonNode n = parseOrNull(line);
        boolean bad = n == null || !n.isObject() || n.path("transaction_id").asText().startsWith("bad-");
        if (bad) {
          malformed++;
        } else {
          valid.add(n);
        }
        String key = n != null && n.isObject() && n.has("card_id") ? n.get("card_id").asText() : "malformed";
        producer.send(new ProducerRecord<>(input, key, line));
      }
      producer.flush();
    }

    List<String> args = new ArrayList<>(runnerArgs);
    args.addAll(List.of(
                "--streaming=true",
                "--cassandraHosts=" + CassandraServer.HOST, "--cassandraPort=" + CassandraServer.PORT,
                "--cassandraKeyspace=" + keyspace,
                "--source=KAFKA", "--outputs=KAFKA", "--bootstrapServers=" + KafkaServer.BOOTSTRAP,
                "--inputTopic=" + input, "--consumerGroup=vigil-" + run,
                "--scoredTopic=" + scoredTopic, "--alertsTopic=" + alertsTopic, "--deadLetterTopic=" + deadTopic,
                "--modelDir=" + SHIPPED_MODEL, "--maxBatchWaitMillis=200",
                "--outputDir=" + dir.resolve("out")));
    FraudDetectionOptions options =
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).as(FraudDetectionOptions.class);
    PipelineResult result = FraudDetectionPipeline.run(options);
    try {
      List<JsonNode> scored = readUntil(scoredTopic, valid.size(), Duration.ofMinutes(4));
      List<JsonNode> dead = readUntil(deadTopic, malformed, Duration.ofMinutes(1));
      Map<String, JsonNode> byId = new HashMap<>();
      for (JsonNode s : scored) {
        assertThat("scored once", byId.put(s.get("transaction_id").asText(), s) == null, is(true));
      }
      assertThat(byId.size(), equalTo(valid.size()));
      Map<String, String> expectedAlerts = new HashMap<>();
      Map<String, Map<String, Double>> reference = dev.vigil.pipelines.ReferenceFeaturesAccess.compute(valid);
      for (JsonNode v : valid) {
        String id = v.get("transaction_id").asText();
        JsonNode s = byId.get(id);
        assertThat("scored " + id, s != null, is(true));
        // Each card arrives in order (keyed by card): the streaming features are exact.
        assertThat(s.get("late").asBoolean(), is(false));
        for (String name : CardFeatures.NAMES) {
          assertThat(id + " " + name, s.get("features").get(name).asDouble(), closeTo(reference.get(id).get(name), 1e-9));
        }
        if (!s.get("decision").asText().equals("APPROVE")) {
          expectedAlerts.put(id, s.get("decision").asText());
        }
      }
      List<JsonNode> alerts = readUntil(alertsTopic, expectedAlerts.size(), Duration.ofMinutes(1));
      Map<String, String> actualAlerts = new HashMap<>();
      alerts.forEach(a -> actualAlerts.put(a.get("transaction_id").asText(), a.get("decision").asText()));
      assertThat(alerts.size(), equalTo(expectedAlerts.size()));
      assertThat(actualAlerts, equalTo(expectedAlerts));
      assertThat(dead.size(), equalTo(malformed));
      for (JsonNode d : dead) {
        assertThat(d.get("stage").asText(), equalTo("parse"));
        assertThat(d.get("source").asText(), startsWith("kafka:" + input + "/"));
        assertThat(d.get("error").asText().isEmpty(), is(false));
      }
      // Exactly one Cassandra row per valid transaction and per alert.
      assertThat(countEventually(keyspace, "scored_transactions", valid.size()), equalTo((long) valid.size()));
      assertThat(countEventually(keyspace, "alerts", expectedAlerts.size()), equalTo((long) expectedAlerts.size()));
    } finally {
      result.cancel();
      try {
        result.waitUntilFinish(org.joda.time.Duration.standardSeconds(30));
      } catch (RuntimeException e) {
        // Cancelled jobs may report their cancellation as an exception.
      }
    }
  }

  /** Polls a table's row count until it reaches {@code expected} or 60 s pass. */
  public static long countEventually(String keyspace, String table, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    long n;
    do {
      n = CassandraReplayIT.count(keyspace, table);
      if (n >= expected) {
        break;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    return n;
  }

  static JsonNode parseOrNull(String line) {
    try {
      return MAPPER.readTree(line);
    } catch (Exception e) {
      return null;
    }
  }

  static Properties producerProps() {
    Properties p = new Properties();
    p.put("bootstrap.servers", KafkaServer.BOOTSTRAP);
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    p.put("acks", "all");
    return p;
  }

  /** Reads a topic from the beginning until {@code expected} records or the timeout, then a bit more. */
  public static List<JsonNode> readUntil(String topic, int expected, Duration timeout) throws Exception {
    return readUntil(topic, expected, timeout, new Properties());
  }

  /** As {@link #readUntil(String, int, Duration)}, with extra consumer properties. */
  public static List<JsonNode> readUntil(String topic, int expected, Duration timeout, Properties extra)
      throws Exception {
    Properties p = new Properties();
    p.putAll(extra);
    p.put("bootstrap.servers", KafkaServer.BOOTSTRAP);
    p.put("key.deserializer", StringDeserializer.class.getName());
    p.put("value.deserializer", StringDeserializer.class.getName());
    List<JsonNode> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor(topic).forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      long settleUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, settleUntil)) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          out.add(MAPPER.readTree(r.value()));
        }
        if (out.size() >= expected && settleUntil == Long.MAX_VALUE) {
          settleUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos(); // catch duplicates
        }
      }
    }
    return out;
  }
}
