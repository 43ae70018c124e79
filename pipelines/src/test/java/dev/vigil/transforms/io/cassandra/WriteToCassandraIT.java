package dev.vigil.transforms.io.cassandra;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.model.CardSession;
import dev.vigil.pipelines.kafka.CassandraServer;
import dev.vigil.pipelines.kafka.ServerScript;
import dev.vigil.pipelines.kafka.StreamingChecks;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link WriteToCassandra} against a real Cassandra: every row written with few writes in flight,
 * one session per JVM shared by its users and kept open while they come and go, and a clear failure
 * when the keyspace is missing.
 */
@ExtendWith(CassandraServer.class)
class WriteToCassandraIT {
  static final List<String> HOSTS = List.of(CassandraServer.HOST);

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
    // The embedded Flink: its counters are final when the job ends (the DirectRunner applies
    // metric updates on an executor, so a query right after the run can miss the last bundles').
    Pipeline p =
        Pipeline.create(
            PipelineOptionsFactory.fromArgs("--runner=FlinkRunner", "--parallelism=2").create());
    p.apply(Create.of(sessions))
        .apply(
            WriteToCassandra.cardSessions()
                .withHosts(HOSTS)
                .withPort(CassandraServer.PORT)
                .withKeyspace(keyspace)
                .withMaxConcurrentWrites(4));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertThat(StreamingChecks.count(keyspace, "card_sessions"), equalTo((long) n));
    MetricQueryResults metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(
                        MetricNameFilter.named("vigil.cassandra", "rows_written_card_sessions"))
                    .build());
    long written = 0;
    for (MetricResult<Long> c : metrics.getCounters()) {
      written += c.getAttempted();
    }
    assertThat(written, equalTo((long) n));
  }

  @Test
  void usersShareOneSessionWhichOutlivesThemBriefly() throws Exception {
    String keyspace = newKeyspace();
    SharedSessions.Handle a = SharedSessions.acquire(HOSTS, CassandraServer.PORT, keyspace);
    SharedSessions.Handle b = SharedSessions.acquire(HOSTS, CassandraServer.PORT, keyspace);
    assertThat(b.session(), sameInstance(a.session()));
    assertThat(SharedSessions.users(HOSTS, CassandraServer.PORT, keyspace), equalTo(2));
    a.release();
    a.release(); // a second release of one handle does not count twice
    b.release();
    assertThat(SharedSessions.users(HOSTS, CassandraServer.PORT, keyspace), equalTo(0));
    // The next user within the idle time (a Spark micro-batch's next task) gets the same session.
    SharedSessions.Handle c = SharedSessions.acquire(HOSTS, CassandraServer.PORT, keyspace);
    assertThat(c.session(), sameInstance(a.session()));
    // The idle close itself, with the idle time shortened (10 s in a job) to keep the suite short.
    SharedSessions.idleCloseMillis = 500;
    try {
      c.release();
      Thread.sleep(SharedSessions.idleCloseMillis + 2_000);
      assertThat(a.session().isClosed(), equalTo(true));
      SharedSessions.Handle d = SharedSessions.acquire(HOSTS, CassandraServer.PORT, keyspace);
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
    assertThat(
        rootMessages(e), containsString("was scripts/schema.cql applied (./vigil up does both)?"));
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
