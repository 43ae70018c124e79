package dev.vigil.pipelines.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.pipelines.FraudDetectionPipeline;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.beam.sdk.PipelineResult;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Card actions through a real Kafka into the streaming pipeline, on the embedded FlinkRunner (as
 * {@code runner-configs/flink-local-kafka.args} runs it) and on Spark's local streaming runner (as
 * {@code runner-configs/spark-local-kafka.args} runs it): once a BLOCK record on the card-actions
 * topic (created compacted by the job) has been read, every next transaction of the card is decided
 * BLOCK with reason card_blocked, other cards are not; after an UNBLOCK the card is decided by its
 * score again; a malformed action is a dead letter.
 */
@ExtendWith(KafkaServer.class)
class CardActionsIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"flink", "spark"})
  void aBlockOnTheTopicBlocksTheCardsNextTransactionsUntilItsUnblock(String runner)
      throws Exception {
    String run = runner + "-" + UUID.randomUUID().toString().substring(0, 8);
    String input = "tx-" + run;
    String actions = "card-actions-" + run;
    StreamingChecks.createTopics(
        new NewTopic(input, 2, (short) 1),
        new NewTopic("scored-" + run, 1, (short) 1),
        new NewTopic("alerts-" + run, 1, (short) 1),
        new NewTopic("dead-" + run, 1, (short) 1));
    PipelineResult job =
        FraudDetectionPipeline.run(
            runner.equals("flink")
                ? StreamingChecks.flinkKafkaPipeline(run, input)
                : StreamingChecks.sparkKafkaPipeline(run, input));
    try (Outputs out = new Outputs(run)) {
      // The job created the card-actions topic, compacted: the latest action of each card stays.
      try (Admin admin =
          Admin.create(Map.<String, Object>of("bootstrap.servers", KafkaServer.BOOTSTRAP))) {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, actions);
        Config c = admin.describeConfigs(List.of(r)).all().get().get(r);
        assertThat(c.get("cleanup.policy").value(), equalTo("compact"));
      }
      out.score(input, "before", "card-A");
      assertThat(out.alertReasons("before"), not(equalTo("card_blocked")));

      sendAction(
          actions,
          "card-A",
          "{\"card_id\":\"card-A\",\"action\":\"BLOCK\",\"at\":\""
              + Instant.now()
              + "\",\"analyst\":\"alice\"}");
      sendAction(actions, "card-A", "{\"card_id\":\"card-A\",\"action\":\"FREEZE\",\"at\":1}");
      // The action is read on its own topic: probe until the card's state has it.
      String probe =
          out.scoreUntil(input, "card-A", s -> s.get("decision").asText().equals("BLOCK"));
      assertThat(out.alertReasons(probe), equalTo("card_blocked"));
      for (int i = 0; i < 3; i++) {
        JsonNode s = out.score(input, "blocked-" + i, "card-A");
        assertThat(s.get("decision").asText(), equalTo("BLOCK"));
        assertThat(out.alertReasons("blocked-" + i), equalTo("card_blocked"));
      }
      out.score(input, "other", "card-B");
      assertThat(out.alertReasons("other"), not(equalTo("card_blocked")));

      sendAction(
          actions,
          "card-A",
          "{\"card_id\":\"card-A\",\"action\":\"UNBLOCK\",\"at\":\""
              + Instant.now().plusMillis(1)
              + "\"}");
      String after =
          out.scoreUntil(input, "card-A", s -> !s.get("decision").asText().equals("BLOCK"));
      assertThat(out.alertReasons(after), not(equalTo("card_blocked")));

      List<JsonNode> dead = StreamingChecks.readUntil("dead-" + run, 1, Duration.ofSeconds(30));
      assertThat(dead.size(), equalTo(1));
      assertThat(dead.get(0).get("stage").asText(), equalTo("card_actions"));
      assertThat(
          dead.get(0).get("error").asText(),
          equalTo("action must be BLOCK or UNBLOCK, got 'FREEZE'"));
    } finally {
      StreamingChecks.cancel(job);
    }
  }

  private static void sendAction(String topic, String card, String json) throws Exception {
    StreamingChecks.send(List.of(new ProducerRecord<>(topic, card, json)));
  }

  /** The scored and alerts topics of one run, read as the test sends transactions. */
  private static final class Outputs implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final Map<String, JsonNode> scored = new HashMap<>();
    private final Map<String, JsonNode> alerts = new HashMap<>();
    private final String scoredTopic;
    private int sent;

    Outputs(String run) {
      Properties p = new Properties();
      p.put("bootstrap.servers", KafkaServer.BOOTSTRAP);
      p.put("key.deserializer", StringDeserializer.class.getName());
      p.put("value.deserializer", StringDeserializer.class.getName());
      consumer = new KafkaConsumer<>(p);
      scoredTopic = "scored-" + run;
      List<TopicPartition> parts =
          List.of(new TopicPartition(scoredTopic, 0), new TopicPartition("alerts-" + run, 0));
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
    }

    /**
     * Sends one transaction of {@code card} (the same amount and place each time, event time now)
     * and returns its scored record, waiting up to 2 minutes (the first one starts the job).
     */
    JsonNode score(String input, String id, String card) throws Exception {
      String json =
          "{\"transaction_id\":\""
              + id
              + "\",\"card_id\":\""
              + card
              + "\",\"merchant_id\":\"m-1\",\"amount\":42.5,\"event_time\":\""
              + Instant.now().minusSeconds(600 - sent++)
              + "\",\"lat\":48.85,\"lon\":2.35,\"channel\":\"POS\"}";
      StreamingChecks.send(List.of(new ProducerRecord<>(input, card, json)));
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (!scored.containsKey(id)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no scored record for " + id + " within 2 minutes");
        }
        poll();
      }
      poll(); // the alert, if any, is written beside it
      return scored.get(id);
    }

    /** Sends probes of {@code card} every 500 ms until one's scored record meets {@code done}. */
    String scoreUntil(String input, String card, java.util.function.Predicate<JsonNode> done)
        throws Exception {
      for (int i = 0; i < 60; i++) {
        String id = card + "-probe-" + sent;
        if (done.test(score(input, id, card))) {
          return id;
        }
        Thread.sleep(500);
      }
      throw new AssertionError("the card action never took effect for " + card);
    }

    /** The first reason of the transaction's alert, waiting up to 10 s for it; "" if none. */
    String alertReasons(String id) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!alerts.containsKey(id) && System.nanoTime() < deadline) {
        if (scored.containsKey(id) && scored.get(id).get("decision").asText().equals("APPROVE")) {
          return "";
        }
        poll();
      }
      JsonNode a = alerts.get(id);
      return a == null || a.get("reasons").isEmpty() ? "" : a.get("reasons").get(0).asText();
    }

    private void poll() {
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
        try {
          JsonNode n = MAPPER.readTree(r.value());
          (r.topic().equals(scoredTopic) ? scored : alerts)
              .put(n.get("transaction_id").asText(), n);
        } catch (Exception e) {
          throw new AssertionError("unreadable output record: " + r.value(), e);
        }
      }
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
