package dev.vigil.pipelines.train;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.model.CardFeatures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Early stopping on a validation split taken by time keeps, and restores, the best weights. */
class EarlyStoppingTest {
  @Test
  void theExportedWeightsAreTheBestValidatedOnes(@TempDir Path dir) throws Exception {
    Random r = new Random(3);
    List<TrainingRow> rows = new ArrayList<>();
    int n = CardFeatures.NAMES.size();
    for (int i = 0; i < 6_000; i++) {
      boolean fraud = i % 25 == 0;
      float[] x = new float[n];
      for (int f = 0; f < n; f++) {
        x[f] = (float) Math.abs(r.nextGaussian() * 10);
      }
      // Fraud is visible in two features, with noise, so validation AP moves between steps.
      x[0] += fraud ? 30 + r.nextFloat() * 40 : 0;
      x[1] += fraud && r.nextBoolean() ? 20 : 0;
      rows.add(
          new TrainingRow(i, 1_000_000L * i, i % 300, fraud ? 1 : 0, fraud ? "S" : "LEGIT", x));
    }
    RowFileTest.write(dir.resolve("r.rows"), CardFeatures.NAMES, rows);
    try (RowFile.Rows file = RowFile.Rows.open(dir)) {
      RowSubset all = new RowSubset(file, file.deterministicOrder());
      RowSubset[] byTime = all.splitByTime(0.2);
      assertThat(byTime[0].size() + byTime[1].size(), equalTo(6_000));
      for (int p = 0; p < byTime[0].size(); p++) {
        assertThat(
            file.eventTimeMillis(byTime[0].index[p]),
            lessThanOrEqualTo(file.eventTimeMillis(byTime[1].index[0])));
      }
      try (FraudModelTrainer trainer = new FraudModelTrainer(byTime[0], 0.01f, 1)) {
        FraudModelTrainer.EarlyStopping e =
            trainer.trainWithEarlyStopping(byTime[0], byTime[1], 2_000, 64, 0.2, 1, 100, 3);
        assertThat(e.bestStep(), lessThanOrEqualTo(e.stepsRun()));
        assertThat(e.bestValidationAp(), greaterThan(0.5));
        // The weights in the session are the best ones: scoring again gives the best AP.
        double now = new Evaluation(trainer.score(byTime[1]), byTime[1]).prAuc();
        assertThat(now, closeTo(e.bestValidationAp(), 1e-9));
      }
    }
  }

  @Test
  void outOfRangeTrainingOptionsFailFast() {
    TrainOptions o =
        PipelineOptionsFactory.fromArgs("--validationFraction=0.95").as(TrainOptions.class);
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> TrainFraudModel.validate(o))
            .getMessage(),
        containsString("--validationFraction must be in [0, 0.9)"));
  }
}
