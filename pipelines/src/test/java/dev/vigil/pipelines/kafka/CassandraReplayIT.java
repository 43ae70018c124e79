package dev.vigil.pipelines.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import dev.vigil.pipelines.FraudDetectionOptions;
import dev.vigil.pipelines.FraudDetectionPipeline;
import dev.vigil.pipelines.generate.GenerateTransactions;
import dev.vigil.pipelines.generate.TransactionGenerator;
import dev.vigil.transforms.io.cassandra.CassandraSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
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

  private static long[] runAndCount(Path input, Path out, String keyspace) {
    FraudDetectionOptions options =
        PipelineOptionsFactory.fromArgs(
                // CassandraIO opens a connection per bundle; the DirectRunner's bundles are tiny
                // (tens of seconds here), the embedded Flink's are not.
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
