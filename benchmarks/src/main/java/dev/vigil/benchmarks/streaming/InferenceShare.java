package dev.vigil.benchmarks.streaming;

import dev.vigil.benchmarks.FeatureRows;
import dev.vigil.model.FeatureSet;
import dev.vigil.model.FeaturedTransaction;
import dev.vigil.modelloader.ModelConfig;
import dev.vigil.modelloader.ModelLease;
import dev.vigil.modelloader.ScoringModel;
import dev.vigil.modelloader.SharedModel;
import dev.vigil.modelloader.SharedModels;
import dev.vigil.transforms.inference.BatchScorer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU per event spent in scoring: the pipeline's scoring step ({@link BatchScorer} on the shared
 * model: rows, one model call per batch, reasons) over generated featured transactions, in batches
 * of the pipeline's size, timed with this thread's CPU clock.
 */
final class InferenceShare {
  private InferenceShare() {}

  /** Scoring CPU microseconds per event at {@code batch} rows per call. */
  static double measure(Path modelDir, int batch, int cards) throws Exception {
    FeatureSet set = FeatureRows.setOf(modelDir);
    List<FeaturedTransaction> rows =
        FeatureRows.generate(200_000, Math.max(100, cards / 10), 5, set);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    BatchScorer scorer = new BatchScorer(0.5);
    try (SharedModel<ScoringModel> model =
        SharedModels.acquire(ModelConfig.of(modelDir.toString(), set.names()).withPollMillis(-1))) {
      score(model, scorer, rows.subList(0, 20_000), batch); // warm-up
      long cpu0 = threads.getCurrentThreadCpuTime();
      score(model, scorer, rows, batch);
      return (threads.getCurrentThreadCpuTime() - cpu0) / 1_000.0 / rows.size();
    }
  }

  private static void score(
      SharedModel<ScoringModel> model,
      BatchScorer scorer,
      List<FeaturedTransaction> rows,
      int batch) {
    for (int i = 0; i < rows.size(); i += batch) {
      try (ModelLease<ScoringModel> lease = model.lease()) {
        scorer.score(lease.model(), rows.subList(i, Math.min(rows.size(), i + batch)));
      }
    }
  }
}
