package dev.vigil.pipelines.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.pipelines.ReferenceFeaturesAccess;
import dev.vigil.transforms.io.cassandra.CassandraSchema;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The finished merchant windows of a streaming run, as written to Cassandra, and the same windows
 * computed straight from the input. A window counts as finished when it ended before a cut well
 * behind the watermark; each is keyed {@code merchant|start} and rendered {@code
 * count|amount_sum}, plus the average score and alert count on the Cassandra side.
 */
final class StreamingSummaries {
  static final long MINUTE = 60_000L;

  private StreamingSummaries() {}

  private static String totals(long count, double sum) {
    return count + "|" + String.format("%.2f", sum);
  }

  /** Sliding windows of {@code size} every {@code period} minutes that end before {@code cut}. */
  static Map<String, String> expectedWindows(List<JsonNode> valid, long size, long period, long cut) {
    Map<String, long[]> counts = new HashMap<>();
    Map<String, Double> sums = new HashMap<>();
    for (JsonNode n : valid) {
      long t = ReferenceFeaturesAccess.eventTimeMillis(n);
      long lastStart = t - Math.floorMod(t, period * MINUTE);
      for (long start = lastStart; start > t - size * MINUTE; start -= period * MINUTE) {
        if (start + size * MINUTE < cut) {
          String key = n.get("merchant_id").asText() + "|" + start;
          counts.computeIfAbsent(key, k -> new long[1])[0]++;
          sums.merge(key, n.get("amount").asDouble(), Double::sum);
        }
      }
    }
    Map<String, String> out = new TreeMap<>();
    counts.forEach((k, c) -> out.put(k, totals(c[0], sums.get(k))));
    return out;
  }

  /** Merchant windows in Cassandra ending before {@code cut}: key -> count|sum|avg_score|alerts. */
  static Map<String, String> windowRows(String keyspace, long cut) {
    Map<String, String> out = new TreeMap<>();
    for (List<Object> r : rows("SELECT merchant_id, window_start, window_end, txn_count, amount_sum, "
        + "avg_score, alert_count FROM " + keyspace + ".merchant_windows")) {
      if (((Date) r.get(2)).getTime() < cut) {
        out.put(r.get(0) + "|" + ((Date) r.get(1)).getTime(),
            totals((Long) r.get(3), (Double) r.get(4)) + "|" + r.get(5) + "|" + r.get(6));
      }
    }
    return out;
  }

  /**
   * Asserts two runners wrote the same finished windows: the same keys, totals and alert counts,
   * and average scores within 1e-5 (a model call's float arithmetic depends slightly on the
   * batch a transaction was scored in, and batches differ by runner).
   */
  static void assertSameWindows(String label, Map<String, String> expected, Map<String, String> actual) {
    org.hamcrest.MatcherAssert.assertThat(label + ": windows", actual.keySet(), org.hamcrest.Matchers.equalTo(expected.keySet()));
    expected.forEach((key, e) -> {
      String[] x = e.split("\\|");
      String[] y = actual.get(key).split("\\|");
      org.hamcrest.MatcherAssert.assertThat(label + ": " + key + " totals and alerts",
          y[0] + "|" + y[1] + "|" + y[3], org.hamcrest.Matchers.equalTo(x[0] + "|" + x[1] + "|" + x[3]));
      org.hamcrest.MatcherAssert.assertThat(label + ": " + key + " avg_score",
          Double.parseDouble(y[2]), org.hamcrest.Matchers.closeTo(Double.parseDouble(x[2]), 1e-5));
    });
  }

  /** The rows' {@code count|sum} part, to compare with the expected summaries. */
  static Map<String, String> totalsOnly(Map<String, String> rows) {
    Map<String, String> out = new TreeMap<>();
    rows.forEach((k, v) -> out.put(k, v.substring(0, v.indexOf('|', v.indexOf('|') + 1))));
    return out;
  }

  private static List<List<Object>> rows(String cql) {
    return CassandraSchema.query(List.of(CassandraServer.HOST), CassandraServer.PORT, cql);
  }
}
