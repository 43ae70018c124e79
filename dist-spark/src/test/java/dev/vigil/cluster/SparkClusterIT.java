package dev.vigil.cluster;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.pipelines.PipelineChecks;
import dev.vigil.pipelines.generate.GenerateTransactions;
import dev.vigil.pipelines.generate.TransactionGenerator;
import dev.vigil.pipelines.kafka.CassandraServer;
import dev.vigil.pipelines.kafka.ServerScript;
import dev.vigil.pipelines.kafka.StreamingChecks;
import dev.vigil.transforms.io.cassandra.CassandraSchema;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch pipeline submitted the way a user submits it ({@code ./vigil submit
 * --config=runner-configs/spark-cluster.args}) to a real Spark standalone cluster (master and
 * worker as separate JVMs; the work runs in executor JVMs the worker launches): every output
 * matches the reference definitions record by record, the executors' CassandraIO writes one row
 * per scored transaction into a real Cassandra, and the master lists the application as finished.
 */
@ExtendWith({CassandraServer.class, SparkCluster.class})
class SparkClusterIT {
  private static final Path ROOT = ServerScript.ROOT;

  @Test
  void batchBackfillOnTheClusterMatchesTheReference(@TempDir Path dir) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String app = "vigil-it-" + run;
    String keyspace = "vigil_spark_" + run;
    CassandraSchema.apply(List.of(CassandraServer.HOST), CassandraServer.PORT, keyspace,
        ROOT.resolve("scripts/schema.cql"));
    Path input = dir.resolve("in.jsonl");
    GenerateTransactions.write(
        TransactionGenerator.builder().seed(77).transactions(1500).cards(100).days(2).malformedRate(0.02)
            .build().lines(),
        input);
    Path out = dir.resolve("out");

    File[] jars = ROOT.resolve("dist-spark/target").toFile()
        .listFiles((d, n) -> n.startsWith("vigil-spark-job-") && n.endsWith(".jar"));
    assertThat("the job jar was built in the package phase", jars != null && jars.length == 1, equalTo(true));
    List<String> command = new ArrayList<>(List.of(
        "bash", ROOT.resolve("vigil").toString(), "submit", "--config=runner-configs/spark-cluster.args",
        "--sparkMaster=" + SparkCluster.MASTER, "--appName=" + app,
        "--inputFile=" + input, "--outputDir=" + out,
        "--cassandraHosts=" + CassandraServer.HOST, "--cassandraPort=" + CassandraServer.PORT,
        "--cassandraKeyspace=" + keyspace));
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
    pb.environment().put("VIGIL_JOB_JAR", jars[0].getAbsolutePath());
    pb.environment().put("JAVA_OPTS", "-Xmx1g");
    assertThat("./vigil submit exit code", pb.start().waitFor(), equalTo(0));

    PipelineChecks.assertRunMatchesInput(input, out, 10, 1, 30);
    long scored = PipelineChecks.countLines(out, "scored");
    assertThat("one Cassandra row per scored transaction", StreamingChecks.count(keyspace, "scored_transactions"),
        equalTo(scored));
    List<String> finished = new ArrayList<>();
    for (JsonNode a : SparkCluster.masterState().get("completedapps")) {
      finished.add(a.get("name").asText() + ":" + a.get("state").asText());
    }
    assertThat(finished, hasItem(app + ":FINISHED"));
  }
}
