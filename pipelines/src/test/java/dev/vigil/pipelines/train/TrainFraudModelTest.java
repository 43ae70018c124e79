package dev.vigil.pipelines.train;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.model.CardFeatures;
import dev.vigil.model.FeatureSet;
import dev.vigil.modelloader.FeatureManifest;
import dev.vigil.modelloader.ModelConfig;
import dev.vigil.modelloader.ModelLease;
import dev.vigil.modelloader.ScoringModel;
import dev.vigil.modelloader.VersionedModel;
import java.nio.file.Path;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainFraudModelTest {

  @Test
  void trainsEvaluatesAndExportsAServableVersion(@TempDir Path dir) throws Exception {
    TrainOptions o =
        PipelineOptionsFactory.fromArgs(
                // What ./vigil train runs: the feature pass on the embedded FlinkRunner.
                "--runner=FlinkRunner",
                "--parallelism=2",
                "--featureSet=V1",
                "--handbookCustomers=0",
                "--historyTransactions=8000",
                "--historyCards=300",
                "--historyDays=5",
                "--steps=800",
                "--modelDir=" + dir.resolve("models"),
                "--workDir=" + dir.resolve("work"))
            .as(TrainOptions.class);
    Path first = TrainFraudModel.run(o);
    assertThat(first.getFileName().toString(), equalTo("1"));

    FeatureManifest manifest = FeatureManifest.read(first);
    assertThat(manifest.features(), equalTo(CardFeatures.NAMES));
    assertThat(manifest.baseline().length, equalTo(CardFeatures.NAMES.size()));
    JsonNode holdout = manifest.training().get("holdout");
    // The generated fraud scenarios are learnable from the nine features.
    assertThat(holdout.get("pr_auc").asDouble(), greaterThan(0.8));
    assertThat(holdout.get("roc_auc").asDouble(), greaterThan(0.9));
    assertThat(holdout.get("review").get("recall").asDouble(), greaterThan(0.7));

    try (VersionedModel<ScoringModel> model =
            VersionedModel.open(
                ModelConfig.of(dir.resolve("models").toString(), CardFeatures.NAMES)
                    .withPollMillis(-1));
        ModelLease<ScoringModel> lease = model.lease()) {
      assertThat(lease.model().version(), equalTo(1L));
      float[] scores =
          lease
              .model()
              .score(
                  new float[] {20, 0, 1, 20, 1, 3600, 0, 0, 0, 2, 8, 9, 3, 0.67f, 30, 0, 0, 7}, 2);
      // A typical purchase scores low; a burst of tiny purchases at many merchants scores high.
      assertThat(scores[0] < 0.5f, is(true));
      assertThat(scores[1] > 0.5f, is(true));
    }

    // Rerunning exports the next version next to the first (a short run: only the version counts).
    o.setSteps(50);
    Path second = TrainFraudModel.run(o);
    assertThat(second.getFileName().toString(), equalTo("2"));
  }

  @Test
  void trainsV2OnAHistoryOfBothGeneratorsWithTheLabelsKnownLater(@TempDir Path dir)
      throws Exception {
    TrainOptions o =
        PipelineOptionsFactory.fromArgs(
                // What ./vigil train runs: the feature pass on the embedded FlinkRunner.
                "--runner=FlinkRunner",
                "--parallelism=2",
                "--historyTransactions=6000",
                "--historyCards=200",
                "--historyDays=12",
                "--handbookCustomers=60",
                "--labelDelayDays=2",
                "--steps=600",
                "--modelDir=" + dir.resolve("models"),
                "--workDir=" + dir.resolve("work"))
            .as(TrainOptions.class);
    Path v = TrainFraudModel.run(o);
    FeatureManifest manifest = FeatureManifest.read(v);
    assertThat(manifest.featureSet(), equalTo("v2"));
    assertThat(manifest.features(), equalTo(FeatureSet.V2.names()));
    assertThat(manifest.baseline().length, equalTo(FeatureSet.V2.names().size()));
    JsonNode holdout = manifest.training().get("holdout");
    assertThat(holdout.get("roc_auc").asDouble(), greaterThan(0.9));
    assertThat(holdout.has("card_precision_at_100"), is(true));
    // The Handbook's terminals are in the history: their compromised terminals are labelled.
    String history = java.nio.file.Files.readString(dir.resolve("work/history.jsonl"));
    assertThat(history.contains("COMPROMISED_TERMINAL"), is(true));
    try (VersionedModel<ScoringModel> model =
            VersionedModel.open(
                ModelConfig.of(dir.resolve("models").toString(), FeatureSet.V2.names())
                    .withPollMillis(-1));
        ModelLease<ScoringModel> lease = model.lease()) {
      assertThat(lease.model().columns().length, equalTo(FeatureSet.V2.names().size()));
    }
  }
}
