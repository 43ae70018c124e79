package dev.vigil.pipelines.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import dev.vigil.model.CardSession;
import dev.vigil.pipelines.FraudDetectionOptions;
import dev.vigil.pipelines.FraudDetectionPipeline;
import dev.vigil.pipelines.generate.GenerateTransactions;
import dev.vigil.pipelines.generate.TransactionGenerator;
import dev.vigil.transforms.io.cassandra.CassandraSchema;
import dev.vigil.transforms.io.cassandra.WriteToCassandra;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline upserts into a real Cassandra: every valid transaction has exactly one row, alerts
 * one row each, windows and sessions one row per key; running the same input again (a replay)
 * overwrites and leaves every count unchanged.
 */
@ExtendWith(CassandraServer.class)
class CassandraReplayIT {

  @Test
  void replayingTheSameInputOverwritesInsteadOfDuplicating(@TempDir Path dir) throws Exception {
    String keyspace = "vigil_" + UUID.randomUUID().toString().substring(0, 8);
    List<String> hosts = List.of(CassandraServer.HOST);
    CassandraSchema.apply(
        hosts, CassandraServer.PORT, keyspace, KafkaServer.ROOT.resolve("scripts/schema.cql"));
    Path input = dir.resolve("in.jsonl");
    List<String> lines =
        TransactionGenerator.builder()
            .seed(21)
            .transactions(200)
            .cards(30)
            .days(1)
            .malformedRate(0.03)
            .build()
            .lines();
    GenerateTransactions.write(lines, input);
    long valid = lines.stream().filter(l -> l.startsWith("{\"transaction_id\":\"tx-")).count();

    long[] first = runAndCount(input, dir.resolve("out1"), keyspace);
    long[] second = runAndCount(input, dir.resolve("out2"), keyspace);
    assertThat("one scored row per valid transaction", first[0], equalTo(valid));
    assertThat("alerts written", first[1], greaterThan(0L));
    assertThat(first[2], greaterThan(0L));
    assertThat(first[3], greaterThan(0L));
    assertThat("a replay leaves every table's row count unchanged", second, equalTo(first));
  }

  /**
   * Two accumulating panes of one card session, the complete one written first: the row keeps the
   * complete pane (the write time follows the pane, not the moment the write was sent). Without it
   * the DirectRunner's parallel bundles left a session's row at an earlier pane now and then.
   */
  @Test
  void anEarlierPaneWrittenLastDoesNotReplaceTheLaterOne() throws Exception {
    String keyspace = "vigil_" + UUID.randomUUID().toString().substring(0, 8);
    CassandraSchema.apply(
        List.of(CassandraServer.HOST),
        CassandraServer.PORT,
        keyspace,
        KafkaServer.ROOT.resolve("scripts/schema.cql"));
    CardSession complete = session(2, 14.24, "LATE");
    CardSession earlier = session(1, 5.38, "ON_TIME");
    // One element holding both panes, flattened: one bundle, so the earlier pane's write is sent
    // after the complete one's.
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(Create.of(List.of(List.of(complete, earlier))))
        .apply(
            FlatMapElements.into(TypeDescriptor.of(CardSession.class))
                .via((List<CardSession> panes) -> panes))
        .apply(
            WriteToCassandra.cardSessions()
                .withHosts(List.of(CassandraServer.HOST))
                .withPort(CassandraServer.PORT)
                .withKeyspace(keyspace));
    p.run().waitUntilFinish();
    List<List<Object>> rows =
        CassandraSchema.query(
            List.of(CassandraServer.HOST),
            CassandraServer.PORT,
            "SELECT txn_count, amount_sum FROM " + keyspace + ".card_sessions");
    assertThat(rows, equalTo(List.of(List.<Object>of(2L, 14.24))));
  }

  private static CardSession session(long count, double amount, String timing) {
    return CardSession.builder()
        .setCardId("card-00051")
        .setSessionStartMillis(1_700_000_000_000L)
        .setSessionEndMillis(1_700_000_000_000L + count * 60_000L)
        .setTxnCount(count)
        .setAmountSum(amount)
        .setMaxScore(0.5)
        .setPaneTiming(timing)
        .build();
  }

  private static long[] runAndCount(Path input, Path out, String keyspace) {
    FraudDetectionOptions options =
        PipelineOptionsFactory.fromArgs(
                // The embedded Flink, which users replay files on: the DirectRunner is slow on
                // thousands of rows.
                "--runner=FlinkRunner",
                "--parallelism=2",
                "--inputFile=" + input,
                "--outputDir=" + out,
                "--modelDir=" + StreamingChecks.SHIPPED_MODEL,
                "--cassandraHosts=" + CassandraServer.HOST,
                "--cassandraPort=" + CassandraServer.PORT,
                "--cassandraKeyspace=" + keyspace)
            .as(FraudDetectionOptions.class);
    FraudDetectionPipeline.run(options).waitUntilFinish();
    return new long[] {
      StreamingChecks.count(keyspace, "scored_transactions"),
          StreamingChecks.count(keyspace, "alerts"),
      StreamingChecks.count(keyspace, "merchant_windows"),
          StreamingChecks.count(keyspace, "card_sessions")
    };
  }
}
