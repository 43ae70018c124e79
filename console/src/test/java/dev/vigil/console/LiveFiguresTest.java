package dev.vigil.console;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class LiveFiguresTest {
  static JsonNode scored(String id) {
    return Json.readObject(
        "{\"transaction_id\":\""
            + id
            + "\",\"decision\":\"APPROVE\",\"model_version\":1,\"event_time\":\"2026-12-07T10:00:00Z\"}");
  }

  @Test
  void produceToDecisionIsTheDecisionsKafkaTimestampMinusItsTransactions() {
    LiveFigures f = new LiveFigures(10);
    long now = 1_800_000_000_000L;
    // 100 transactions decided 1..100 ms after they were produced.
    for (int i = 1; i <= 100; i++) {
      f.produced("t" + i, now - 5_000);
      f.scored(scored("t" + i), now - 5_000 + i, now);
    }
    // A decision read before its transaction (the topics are read side by side) counts too.
    f.scored(scored("t101"), now - 5_000 + 101, now);
    f.produced("t101", now - 5_000);
    // A decision whose transaction the console never saw produced is not counted.
    f.scored(scored("unseen"), now - 1_000, now);
    JsonNode p = f.snapshot(now).get("produce_to_decision_ms");
    assertThat(p.get("decisions").asInt(), equalTo(101));
    assertThat(p.get("p50").asLong(), equalTo(51L));
    assertThat(p.get("p99").asLong(), equalTo(100L));
    // Ten seconds later those decisions have left the figure.
    assertThat(f.snapshot(now + 15_000).get("produce_to_decision_ms").isNull(), equalTo(true));
  }

  @Test
  void findsTheTransactionIdOfARawInputRecordWithoutParsingIt() {
    assertThat(
        KafkaFeeds.transactionId("{\"transaction_id\": \"t-1\",\"card_id\":\"c\"}"),
        equalTo("t-1"));
    assertThat(
        KafkaFeeds.transactionId("{\"card_id\":\"c\",\"transaction_id\":\"t-2\"}"), equalTo("t-2"));
    assertThat(KafkaFeeds.transactionId("{\"card_id\":\"c\"}"), nullValue());
    assertThat(KafkaFeeds.transactionId("{\"transaction_id\":42}"), nullValue());
    assertThat(KafkaFeeds.transactionId("{\"transaction_id\":\"a\\\"b\"}"), nullValue());
    assertThat(KafkaFeeds.transactionId("not json"), nullValue());
    assertThat(KafkaFeeds.transactionId(null), nullValue());
  }
}
