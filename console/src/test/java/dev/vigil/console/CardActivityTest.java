package dev.vigil.console;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class CardActivityTest {
  static JsonNode decision(String id, String card, String time, double amount, double count) {
    return Json.readObject(
        "{\"transaction_id\":\""
            + id
            + "\",\"card_id\":\""
            + card
            + "\",\"event_time\":\""
            + time
            + "\",\"amount\":"
            + amount
            + ",\"score\":0.1,\"decision\":\"APPROVE\",\"features\":{\"amount\":"
            + amount
            + ",\"txn_count_1h\":"
            + count
            + "}}");
  }

  @Test
  void theBaselineIsTheMedianOfEachFeatureOverTheCardsEarlierDecisions() {
    CardActivity a = new CardActivity(100);
    a.add(decision("t1", "c", "2026-12-07T10:00:00Z", 20, 0));
    a.add(decision("t2", "c", "2026-12-07T10:05:00Z", 40, 1));
    a.add(decision("t3", "c", "2026-12-07T10:10:00Z", 30, 2));
    a.add(decision("t4", "c", "2026-12-07T10:20:00Z", 900, 3));
    a.add(decision("other", "d", "2026-12-07T10:01:00Z", 5000, 9));
    // A decision after the alert's transaction is not part of its baseline.
    a.add(decision("t5", "c", "2026-12-07T10:30:00Z", 1, 4));

    ObjectNode b = a.baseline("c", "t4", "2026-12-07T10:20:00Z");
    assertThat(b.get("transactions").asInt(), equalTo(3));
    assertThat(b.get("median").get("amount").asDouble(), closeTo(30, 1e-6));
    assertThat(b.get("median").get("txn_count_1h").asDouble(), closeTo(1, 1e-6));
    // An even count: the mean of the two middle values.
    ObjectNode b5 = a.baseline("c", "t5", "2026-12-07T10:30:00Z");
    assertThat(b5.get("transactions").asInt(), equalTo(4));
    assertThat(b5.get("median").get("amount").asDouble(), closeTo(35, 1e-6));
    // A card without earlier decisions: no medians.
    ObjectNode none = a.baseline("c", "t1", "2026-12-07T10:00:00Z");
    assertThat(none.get("transactions").asInt(), equalTo(0));
    assertThat(none.get("median").size(), equalTo(0));
    assertThat(
        a.baseline("unknown", "x", "2026-12-07T10:00:00Z").get("transactions").asInt(), equalTo(0));
  }

  @Test
  void keepsTheLastDecisionsOfEachCard() {
    CardActivity a = new CardActivity(100);
    for (int i = 0; i < CardActivity.PER_CARD + 5; i++) {
      a.add(decision("t" + i, "c", "2026-12-07T10:" + (10 + i) + ":00Z", i, i));
    }
    assertThat(a.of("c").size(), equalTo(CardActivity.PER_CARD));
    assertThat(
        a.of("c").get(0).get("transaction_id").asText(),
        equalTo("t" + (CardActivity.PER_CARD + 4)));
  }
}
