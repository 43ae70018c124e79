package dev.vigil.benchmarks.streaming;

import dev.vigil.benchmarks.streaming.BenchCassandra.Table;
import dev.vigil.benchmarks.streaming.JobUnderTest.Io;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watchers of one run's output topics, each counting the distinct keys of one Cassandra table
 * (scored transactions by id, alerts by id, merchant windows by merchant and start, card sessions
 * by card and start), so that the table's rows can be checked against what the topics carried.
 */
public final class TableWatchers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TableWatchers.class);

  /**
   * Each Cassandra table's rows against its topic's distinct keys, whether all were equal, and the
   * tables that were not.
   */
  public record CassandraCheck(String report, boolean exact, Set<String> differing) {}

  /** The scored topic's watcher (also the scored table's). */
  public final OutputWatcher scored;

  private final Map<Table, OutputWatcher> byTable = new LinkedHashMap<>();

  /** Watches the four topics; {@code sent} (id to send time) may be null. */
  public TableWatchers(
      String scoredTopic,
      String alertsTopic,
      String windowsTopic,
      String sessionsTopic,
      Map<String, Long> sent) {
    scored = new OutputWatcher(scoredTopic, sent);
    List<Table> t = BenchCassandra.TABLES;
    byTable.put(t.get(0), scored);
    byTable.put(t.get(1), OutputWatcher.keyed(alertsTopic, j -> field(j, "alert_id")));
    byTable.put(
        t.get(2),
        OutputWatcher.keyed(
            windowsTopic, j -> field(j, "merchant_id") + "|" + field(j, "window_start")));
    byTable.put(
        t.get(3),
        OutputWatcher.keyed(
            sessionsTopic, j -> field(j, "card_id") + "|" + field(j, "session_start")));
  }

  static TableWatchers of(Io io, Map<String, Long> sent) {
    return new TableWatchers(io.scored(), io.alerts(), io.windows(), io.sessions(), sent);
  }

  private static String field(String json, String name) {
    return BenchKafka.stringField(json, name);
  }

  /**
   * Each table's rows against the distinct keys its topic carried, counted until the two agree
   * twice in a row (both sinks receive the same records, but at their own pace) or 90 s pass;
   * reported as e.g. "scored_transactions 12,000 = 12,000; …; exact" or "… differs".
   */
  public CassandraCheck settledCassandraRows(BenchCassandra cassandra, String keyspace)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    String previous = null;
    while (true) {
      StringBuilder b = new StringBuilder();
      boolean exact = true;
      Set<String> differing = new TreeSet<>();
      for (Map.Entry<Table, OutputWatcher> e : byTable.entrySet()) {
        long topic = e.getValue().distinct();
        long rows;
        try {
          rows = cassandra.rows(keyspace, e.getKey());
        } catch (RuntimeException failed) { // e.g. a read failure on the loaded node: try again
          LOG.warn("counting {}.{} failed: {}", keyspace, e.getKey().name(), failed.toString());
          rows = -1;
        }
        exact &= rows == topic;
        if (rows != topic) {
          differing.add(e.getKey().name());
        }
        b.append(
            String.format(
                "%s %,d %s %,d; ", e.getKey().name(), rows, rows == topic ? "=" : "≠", topic));
      }
      String report = b.append(exact ? "exact" : "differs").toString();
      if (exact && report.equals(previous) || System.nanoTime() > deadline) {
        LOG.info("Cassandra rows against topic keys: {}", report);
        return new CassandraCheck(report, exact, differing);
      }
      previous = report;
      Thread.sleep(3_000);
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (OutputWatcher w : byTable.values()) {
      w.close();
    }
  }
}
