package dev.vigil.cluster;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.model.FeatureSet;
import dev.vigil.modelloader.ModelConfig;
import dev.vigil.modelloader.ModelLease;
import dev.vigil.modelloader.ScoringModel;
import dev.vigil.modelloader.VersionedModel;
import dev.vigil.pipelines.PipelineChecks;
import dev.vigil.pipelines.generate.GenerateTransactions;
import dev.vigil.pipelines.generate.TransactionGenerator;
import dev.vigil.pipelines.kafka.CassandraServer;
import dev.vigil.pipelines.kafka.ServerScript;
import dev.vigil.pipelines.kafka.StreamingChecks;
import dev.vigil.transforms.io.cassandra.CassandraSchema;
import java.nio.file.Files;
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
 * matches the reference definitions record by record, the executors' CassandraIO writes one row per
 * scored transaction into a real Cassandra, and the master lists the application as finished.
 * Training submitted the same way ({@code --job=train}) runs its feature pass on the cluster and
 * exports a model version that passes serving's validation.
 */
@ExtendWith({CassandraServer.class, SparkCluster.class})
class SparkClusterIT {
  private static final Path ROOT = ServerScript.ROOT;

  @Test
  void batchBackfillOnTheClusterMatchesTheReference(@TempDir Path dir) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String app = "vigil-it-" + run;
    String keyspace = "vigil_spark_" + run;
    CassandraSchema.apply(
        List.of(CassandraServer.HOST),
        CassandraServer.PORT,
        keyspace,
        ROOT.resolve("scripts/schema.cql"));
    Path input = dir.resolve("in.jsonl");
    GenerateTransactions.write(
        TransactionGenerator.builder()
            .seed(77)
            .transactions(1500)
            .cards(100)
            .days(2)
            .malformedRate(0.02)
            .build()
            .lines(),
        input);
    Path out = dir.resolve("out");

    List<String> args =
        List.of(
            "--config=runner-configs/spark-cluster.args",
            "--sparkMaster=" + SparkCluster.MASTER,
            "--appName=" + app,
            "--inputFile=" + input,
            "--outputDir=" + out,
            "--cassandraHosts=" + CassandraServer.HOST,
            "--cassandraPort=" + CassandraServer.PORT,
            "--cassandraKeyspace=" + keyspace);
    assertThat("./vigil submit exit code", submit(args), equalTo(0));

    PipelineChecks.assertRunMatchesInput(input, out, 10, 1, 30);
    long scored = PipelineChecks.countLines(out, "scored");
    assertThat(
        "one Cassandra row per scored transaction",
        StreamingChecks.count(keyspace, "scored_transactions"),
        equalTo(scored));
    assertThat(finishedApps(), hasItem(app + ":FINISHED"));
  }

  @Test
  void trainingSubmittedToTheClusterExportsAModelThatServes(@TempDir Path dir) throws Exception {
    String app = "vigil-train-it-" + UUID.randomUUID().toString().substring(0, 8);
    Path models = dir.resolve("models");
    List<String> args =
        List.of(
            "--config=runner-configs/spark-cluster-train.args",
            "--sparkMaster=" + SparkCluster.MASTER,
            "--appName=" + app,
            "--modelDir=" + models,
            "--workDir=" + dir.resolve("train"),
            "--historyTransactions=4000",
            "--historyCards=300",
            "--historyDays=4",
            "--handbookCustomers=30",
            "--steps=300");
    assertThat("./vigil submit --job=train exit code", submit(args), equalTo(0));

    // The exported version passes the same validation serving applies, and scores.
    Path version = models.resolve("1");
    assertThat("version 1 exported", Files.isDirectory(version), equalTo(true));
    // ./vigil train's default feature set, v2, with the merchant risk from the history's labels.
    ModelConfig config =
        ModelConfig.of(models.toString(), FeatureSet.V2.names()).withPollMillis(-1);
    try (VersionedModel<ScoringModel> model = VersionedModel.open(config)) {
      assertThat(model.servingVersion(), equalTo(1L));
      try (ModelLease<ScoringModel> lease = model.lease()) {
        assertThat(lease.model().manifest().featureSet(), equalTo("v2"));
        float[] scores = lease.model().score(new float[FeatureSet.V2.names().size() * 2], 2);
        assertThat(scores.length, equalTo(2));
        for (float score : scores) {
          assertThat("a probability", score >= 0 && score <= 1, equalTo(true));
        }
      }
    }
    assertThat(finishedApps(), hasItem(app + ":FINISHED"));
  }

  /** {@code ./vigil submit ARGS}, waited for: its exit code. */
  private static int submit(List<String> args) throws Exception {
    return SparkCluster.submit(args).waitFor();
  }

  private static List<String> finishedApps() throws Exception {
    List<String> finished = new ArrayList<>();
    for (JsonNode a : SparkCluster.masterState().get("completedapps")) {
      finished.add(a.get("name").asText() + ":" + a.get("state").asText());
    }
    return finished;
  }
}
