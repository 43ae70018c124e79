package dev.vigil.transforms.inference;

import static dev.vigil.testing.Txns.T0;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;

import dev.vigil.model.CardFeatures;
import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.ScoredTransaction;
import dev.vigil.modelloader.LinearTestModels;
import dev.vigil.modelloader.ModelConfig;
import dev.vigil.modelloader.ModelLease;
import dev.vigil.modelloader.ScoringModel;
import dev.vigil.modelloader.VersionedModel;
import dev.vigil.testing.Txns;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchScorerTest {

  @Test
  void reasonsAreTheFeaturesWhoseTypicalValueLowersTheScoreMost(@TempDir Path base)
      throws Exception {
    // Only speed and count_1h matter; typical values are 0 for both.
    float[] w = {0, 0.5f, 0, 0, 0, 0, 0, 0.002f, 0};
    float[] baseline = {20, 0, 1, 20, 1, 3600, 0, 0, 0};
    LinearTestModels.export(base, 1, CardFeatures.NAMES, w, -3f, baseline, false);
    FeaturedTransaction normal =
        FeaturedTransaction.of(
            Txns.txn("n", "c", "m", 20, T0), Txns.features(20, 0, 1, 20, 1, 3600, 0, 0, 0), false);
    FeaturedTransaction traveller =
        FeaturedTransaction.of(
            Txns.txn("t", "c", "m", 20, T0),
            Txns.features(20, 2, 3, 20, 1, 600, 5000, 3000, 2),
            false);
    try (VersionedModel<ScoringModel> model =
            VersionedModel.open(
                ModelConfig.of(base.toString(), CardFeatures.NAMES).withPollMillis(-1));
        ModelLease<ScoringModel> lease = model.lease()) {
      List<ScoredTransaction> scored =
          new BatchScorer(0.5).score(lease.model(), List.of(normal, traveller));
      assertThat(scored.get(0).getScore(), lessThan(0.5));
      assertThat(scored.get(0).getReasons(), empty());
      assertThat(scored.get(1).getScore(), greaterThan(0.5));
      // speed contributes 6 to the logit, count_1h 1: both drive it, speed first.
      assertThat(scored.get(1).getReasons(), contains("speed_kmh_from_last", "count_1h"));
      assertThat(scored.get(1).getModelVersion(), equalTo(1L));
    }
  }
}
