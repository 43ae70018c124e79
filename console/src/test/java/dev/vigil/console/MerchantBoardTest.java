package dev.vigil.console;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerchantBoardTest {
  static JsonNode pane(String merchant, String end, long txns, long alerts) {
    return Json.readObject(
        "{\"merchant_id\":\""
            + merchant
            + "\",\"window_start\":\"2026-12-07T09:50:00Z\",\"window_end\":\""
            + end
            + "\",\"txn_count\":"
            + txns
            + ",\"alert_count\":"
            + alerts
            + "}");
  }

  static List<String> ids(MerchantBoard b) {
    List<String> out = new ArrayList<>();
    b.top(10).forEach(p -> out.add(p.get("merchant_id").asText() + ":" + p.get("alert_count")));
    return out;
  }

  @Test
  void ranksEachMerchantsLatestWindowByAlertsThenTransactions() {
    MerchantBoard b = new MerchantBoard();
    b.add(pane("m-a", "2026-12-07T10:00:00Z", 50, 1));
    b.add(pane("m-b", "2026-12-07T10:00:00Z", 10, 3));
    b.add(pane("m-c", "2026-12-07T10:00:00Z", 90, 1));
    // A later pane of the same window (more data) and a later window replace what was held.
    b.add(pane("m-a", "2026-12-07T10:00:00Z", 60, 4));
    b.add(pane("m-c", "2026-12-07T10:01:00Z", 95, 2));
    // An older window arriving late does not replace a newer one.
    b.add(pane("m-c", "2026-12-07T09:59:00Z", 10, 9));
    assertThat(ids(b), equalTo(List.of("m-a:4", "m-b:3", "m-c:2")));
  }

  @Test
  void leavesOutMerchantsWhoseLatestWindowIsOld() {
    MerchantBoard b = new MerchantBoard();
    b.add(pane("m-old", "2026-12-07T09:00:00Z", 10, 9));
    b.add(pane("m-new", "2026-12-07T10:00:00Z", 10, 1));
    b.add(pane("m-edge", "2026-12-07T09:50:00Z", 10, 2)); // exactly 10 minutes before: kept
    assertThat(ids(b), equalTo(List.of("m-edge:2", "m-new:1")));
    b.add(Json.readObject("{\"merchant_id\":\"x\",\"window_end\":\"not a time\"}"));
    assertThat(ids(b).size(), equalTo(2));
  }
}
