package dev.vigil.transforms.io.cassandra;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.model.CardSession;
import dev.vigil.pipelines.kafka.CassandraServer;
import dev.vigil.pipelines.kafka.ServerScript;
import dev.vigil.pipelines.kafka.StreamingChecks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link WriteToCassandra} against a real Cassandra: every row written with few writes in flight,
 * panes of one row coalesced to the latest and each partition's rows sent as one batch, one session
 * per JVM shared by its users and kept open while they come and go, and a clear failure when the
 * keyspace is missing.
 */
@ExtendWith(CassandraServer.class)
class WriteToCassandraIT {
  static final List<String> HOSTS = List.of(CassandraServer.HOST);
  static final CassandraEndpoint ENDPOINT = CassandraEndpoint.of(HOSTS, CassandraServer.PORT);

  static String newKeyspace() throws Exception {
    String keyspace = "vigil_" + UUID.randomUUID().toString().substring(0, 8);
    CassandraSchema.apply(
        HOSTS, CassandraServer.PORT, keyspace, ServerScript.ROOT.resolve("scripts/schema.cql"));
    return keyspace;
  }

  @Test
  void writesEveryRowWithAFewWritesInFlightAndCountsThem() throws Exception {
    String keyspace = newKeyspace();
    int n = 3_000;
    List<CardSession> sessions =
        IntStream.range(0, n).mapToObj(WriteToCassandraIT::session).collect(Collectors.toList());
    PipelineResult result = writeOnFlink(sessions, keyspace, 4);
    assertThat(StreamingChecks.count(keyspace, "card_sessions"), equalTo((long) n));
    assertThat(counter(result, "rows_written_card_sessions"), equalTo((long) n));
  }

  @Test
  void panesOfOneRowCoalesceToTheLatestAndPartitionsGoAsBatches() throws Exception {
    String keyspace = newKeyspace();
    // 200 cards x 4 sessions x 5 accumulating panes each, shuffled: every pane arrives in some
    // order, many share a partition (a card) and a bundle.
    List<CardSession> panes = new ArrayList<>();
    for (int card = 0; card < 200; card++) {
      for (int session = 0; session < 4; session++) {
        for (int pane = 1; pane <= 5; pane++) {
          panes.add(pane(card, session, pane));
        }
      }
    }
    Collections.shuffle(panes, new Random(7));
    PipelineResult result =
        writeOnFlink(panes, keyspace, WriteToCassandra.DEFAULT_MAX_CONCURRENT_WRITES);
    List<List<Object>> rows =
        CassandraSchema.query(
            HOSTS,
            CassandraServer.PORT,
            "SELECT txn_count, amount_sum FROM " + keyspace + ".card_sessions");
    assertThat(rows.size(), equalTo(800));
    for (List<Object> row : rows) {
      // The last pane wins whether it was written alone, in a batch, or beside an earlier pane.
      assertThat(row, contains((Object) 5L, 50.0));
    }
    // Every pane is either written or replaced by a later pane of its row within a bundle.
    long written = counter(result, "rows_written_card_sessions");
    long coalesced = counter(result, "rows_coalesced_card_sessions");
    assertThat(written + coalesced, equalTo((long) panes.size()));
    assertThat(written, greaterThanOrEqualTo(800L));
  }

  /**
   * Writes {@code sessions} on the embedded Flink: its counters are final when the job ends (the
   * DirectRunner applies metric updates on an executor, so a query right after the run can miss the
   * last bundles').
   */
  private static PipelineResult writeOnFlink(
      List<CardSession> sessions, String keyspace, int maxInFlight) {
    Pipeline p =
        Pipeline.create(
            PipelineOptionsFactory.fromArgs("--runner=FlinkRunner", "--parallelism=2").create());
    p.apply(Create.of(sessions))
        .apply(
            WriteToCassandra.cardSessions()
                .withHosts(HOSTS)
                .withPort(CassandraServer.PORT)
                .withKeyspace(keyspace)
                .withMaxConcurrentWrites(maxInFlight));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    return result;
  }

  private static long counter(PipelineResult result, String name) {
    long n = 0;
    for (MetricResult<Long> c :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named("vigil.cassandra", name))
                    .build())
            .getCounters()) {
      n += c.getAttempted();
    }
    return n;
  }

  private static CardSession pane(int card, int session, int pane) {
    long start = 1_700_000_000_000L + session * 3_600_000L;
    return CardSession.builder()
        .setCardId(String.format("card-%05d", card))
        .setSessionStartMillis(start)
        .setSessionEndMillis(start + pane * 60_000L)
        .setTxnCount(pane)
        .setAmountSum(10.0 * pane)
        .setMaxScore(0.5)
        .setPaneTiming(pane == 1 ? "ON_TIME" : "LATE")
        .build();
  }

  @Test
  void usersShareOneSessionWhichOutlivesThemBriefly() throws Exception {
    String keyspace = newKeyspace();
    SharedSessions.Handle a = SharedSessions.acquire(ENDPOINT, keyspace);
    SharedSessions.Handle b = SharedSessions.acquire(ENDPOINT, keyspace);
    assertThat(b.session(), sameInstance(a.session()));
    assertThat(SharedSessions.users(ENDPOINT, keyspace), equalTo(2));
    a.release();
    a.release(); // a second release of one handle does not count twice
    b.release();
    assertThat(SharedSessions.users(ENDPOINT, keyspace), equalTo(0));
    // The next user within the idle time (a Spark micro-batch's next task) gets the same session.
    SharedSessions.Handle c = SharedSessions.acquire(ENDPOINT, keyspace);
    assertThat(c.session(), sameInstance(a.session()));
    // The idle close itself, with the idle time shortened (10 s in a job) to keep the suite short.
    SharedSessions.idleCloseMillis = 500;
    try {
      c.release();
      Thread.sleep(SharedSessions.idleCloseMillis + 2_000);
      assertThat(a.session().isClosed(), equalTo(true));
      SharedSessions.Handle d = SharedSessions.acquire(ENDPOINT, keyspace);
      assertThat(d.session(), not(sameInstance(a.session())));
      d.release();
    } finally {
      SharedSessions.idleCloseMillis = SharedSessions.IDLE_CLOSE_MILLIS;
    }
  }

  @Test
  void aMissingKeyspaceFailsWithWhatToDo() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(Create.of(List.of(session(1))))
        .apply(
            WriteToCassandra.cardSessions()
                .withHosts(HOSTS)
                .withPort(CassandraServer.PORT)
                .withKeyspace("vigil_missing_keyspace"));
    Exception e = assertThrows(Exception.class, () -> p.run().waitUntilFinish());
    assertThat(rootMessages(e), containsString("has no keyspace vigil_missing_keyspace"));
    assertThat(rootMessages(e), containsString("apply scripts/schema.cql to it (./vigil up does)"));
  }

  private static String rootMessages(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c.getMessage()).append('\n');
    }
    return b.toString();
  }

  private static CardSession session(int i) {
    return CardSession.builder()
        .setCardId(String.format("card-%05d", i))
        .setSessionStartMillis(1_700_000_000_000L)
        .setSessionEndMillis(1_700_000_060_000L)
        .setTxnCount(1)
        .setAmountSum(10.0 + i)
        .setMaxScore(0.5)
        .setPaneTiming("ON_TIME")
        .build();
  }
}
