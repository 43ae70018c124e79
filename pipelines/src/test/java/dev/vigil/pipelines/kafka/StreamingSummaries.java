package dev.vigil.pipelines.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.pipelines.ReferenceFeaturesAccess;
import dev.vigil.transforms.io.cassandra.CassandraSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hamcrest.MatcherAssert;
import org.hamcrest.Matchers;

/**
 * The finished merchant windows and card sessions of a streaming run, as written to Cassandra, and
 * the same computed straight from the input. A summary counts as finished when it ended before a
 * cut well behind the watermark; windows are keyed {@code merchant|start} and rendered {@code
 * count|amount_sum}, plus the average score and alert count on the Cassandra side; sessions are
 * keyed {@code card|start} and rendered {@code count|amount_sum}, plus the maximum score.
 */
final class StreamingSummaries {
  static final long MINUTE = 60_000L;

  private StreamingSummaries() {}

  private static String totals(long count, double sum) {
    return count + "|" + String.format("%.2f", sum);
  }

  /** Sliding windows of {@code size} every {@code period} minutes that end before {@code cut}. */
  static Map<String, String> expectedWindows(
      List<JsonNode> valid, long size, long period, long cut) {
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

  /**
   * Sessions with an inactivity gap of {@code gap} minutes whose window ({@code [first, last +
   * gap)}) ends before {@code cut}: a transaction at or after the previous one plus the gap starts
   * a new session (Beam merges only overlapping windows).
   */
  static Map<String, String> expectedSessions(List<JsonNode> valid, long gap, long cut) {
    Map<String, List<JsonNode>> byCard = new TreeMap<>();
    valid.forEach(
        n -> byCard.computeIfAbsent(n.get("card_id").asText(), c -> new ArrayList<>()).add(n));
    Map<String, String> out = new TreeMap<>();
    byCard.forEach(
        (card, txns) -> {
          txns.sort(Comparator.comparingLong(ReferenceFeaturesAccess::eventTimeMillis));
          long start = 0;
          long last = Long.MIN_VALUE;
          long count = 0;
          double sum = 0;
          for (JsonNode n : txns) {
            long t = ReferenceFeaturesAccess.eventTimeMillis(n);
            if (count > 0 && t >= last + gap * MINUTE) {
              if (last + gap * MINUTE < cut) {
                out.put(card + "|" + start, totals(count, sum));
              }
              count = 0;
              sum = 0;
            }
            if (count == 0) {
              start = t;
            }
            last = t;
            count++;
            sum += n.get("amount").asDouble();
          }
          if (count > 0 && last + gap * MINUTE < cut) {
            out.put(card + "|" + start, totals(count, sum));
          }
        });
    return out;
  }

  /**
   * Card sessions in Cassandra whose window ends before {@code cut}: key -> count|sum|max_score.
   * Rows are upserted by (card, start), so a session that grew an earlier start when a transaction
   * reached it out of order (batching for the model reorders a card's transactions) leaves its
   * earlier row behind; a row lying within another row of its card that starts earlier is such a
   * superseded pane and is left out.
   */
  static Map<String, String> sessionRows(String keyspace, long gap, long cut) {
    Map<String, List<long[]>> spans = new TreeMap<>(); // card -> {start, end}
    List<List<Object>> all =
        rows(
            "SELECT card_id, session_start, session_end, txn_count, amount_sum, max_score FROM "
                + keyspace
                + ".card_sessions");
    for (List<Object> r : all) {
      spans
          .computeIfAbsent((String) r.get(0), c -> new ArrayList<>())
          .add(new long[] {((Date) r.get(1)).getTime(), ((Date) r.get(2)).getTime()});
    }
    Map<String, String> out = new TreeMap<>();
    for (List<Object> r : all) {
      long start = ((Date) r.get(1)).getTime();
      long end = ((Date) r.get(2)).getTime();
      boolean superseded =
          spans.get((String) r.get(0)).stream().anyMatch(s -> s[0] < start && s[1] >= end);
      if (!superseded && end + gap * MINUTE < cut) {
        out.put(
            r.get(0) + "|" + start, totals((Long) r.get(3), (Double) r.get(4)) + "|" + r.get(5));
      }
    }
    return out;
  }

  /** Merchant windows in Cassandra ending before {@code cut}: key -> count|sum|avg_score|alerts. */
  static Map<String, String> windowRows(String keyspace, long cut) {
    Map<String, String> out = new TreeMap<>();
    for (List<Object> r :
        rows(
            "SELECT merchant_id, window_start, window_end, txn_count, amount_sum, "
                + "avg_score, alert_count FROM "
                + keyspace
                + ".merchant_windows")) {
      if (((Date) r.get(2)).getTime() < cut) {
        out.put(
            r.get(0) + "|" + ((Date) r.get(1)).getTime(),
            totals((Long) r.get(3), (Double) r.get(4)) + "|" + r.get(5) + "|" + r.get(6));
      }
    }
    return out;
  }

  /**
   * Asserts two runners wrote the same finished summaries: the same keys, every column equal but
   * the score-derived third (average or maximum score), which must agree within 1e-5 (a model
   * call's float arithmetic depends slightly on the batch a transaction was scored in, and batches
   * differ by runner).
   */
  static void assertSameSummaries(
      String label, Map<String, String> expected, Map<String, String> actual) {
    MatcherAssert.assertThat(
        label + ": keys", actual.keySet(), Matchers.equalTo(expected.keySet()));
    expected.forEach(
        (key, e) -> {
          String[] x = e.split("\\|");
          String[] y = actual.get(key).split("\\|");
          MatcherAssert.assertThat(
              label + ": " + key + " score",
              Double.parseDouble(y[2]),
              Matchers.closeTo(Double.parseDouble(x[2]), 1e-5));
          x[2] = "score";
          y[2] = "score";
          MatcherAssert.assertThat(
              label + ": " + key, String.join("|", y), Matchers.equalTo(String.join("|", x)));
        });
  }

  /**
   * Asserts the rows' {@code count|sum} parts equal the expected summaries; on failure names only
   * the keys that differ (missing, unexpected, or with other totals), so a mismatch in a few of a
   * few hundred summaries reads in one line.
   */
  static void assertTotals(String label, Map<String, String> expected, Map<String, String> rows) {
    Map<String, String> actual = totalsOnly(rows);
    if (actual.equals(expected)) {
      return;
    }
    List<String> diff = new ArrayList<>();
    expected.forEach(
        (k, e) -> {
          String a = actual.get(k);
          if (a == null) {
            diff.add("missing " + k + "=" + e);
          } else if (!a.equals(e)) {
            diff.add(k + " expected " + e + " got " + a);
          }
        });
    actual.forEach(
        (k, a) -> {
          if (!expected.containsKey(k)) {
            diff.add("unexpected " + k + "=" + a);
          }
        });
    throw new AssertionError(
        label
            + ": "
            + diff.size()
            + " of "
            + expected.size()
            + " expected differ: "
            + String.join("; ", diff.subList(0, Math.min(20, diff.size()))));
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
