package dev.vigil.transforms.inference;

import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.ScoredTransaction;
import dev.vigil.modelloader.ScoringModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scores one batch with one model call: lays the features out row-major as float32, calls the
 * model, and, for rows scoring at or above the reason threshold, finds the features that drove the
 * score by occlusion (one more batched call: each feature in turn replaced by its typical
 * legitimate value from the model's manifest; the features whose replacement lowers the score most,
 * by at least {@value #MIN_CONTRIBUTION}, are the reasons; when none does, the one that lowers it
 * most). Pure Java; used by {@link ScoreTransactions} and by the inference benchmark.
 */
public final class BatchScorer {
  static final double MIN_CONTRIBUTION = 0.02;
  static final int MAX_REASONS = 3;

  private final double reasonThreshold;

  public BatchScorer(double reasonThreshold) {
    this.reasonThreshold = reasonThreshold;
  }

  /**
   * Lays the batch out as the model's input: {@code rows × n} float32 values, the model's features
   * picked from each transaction's feature vector ({@link FeaturedTransaction#values()}).
   */
  public static float[] toRows(ScoringModel model, List<FeaturedTransaction> batch) {
    List<double[]> vectors = new ArrayList<>(batch.size());
    for (FeaturedTransaction f : batch) {
      vectors.add(f.values());
    }
    return model.rows(vectors);
  }

  /** Scores and reasons of one batch, row for row. */
  public record Scores(float[] scores, List<List<String>> reasons) {}

  public List<ScoredTransaction> score(ScoringModel model, List<FeaturedTransaction> batch) {
    Scores s = scores(model, batch);
    List<ScoredTransaction> out = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      out.add(
          ScoredTransaction.of(batch.get(i), s.scores()[i], model.version(), s.reasons().get(i)));
    }
    return out;
  }

  /** One model call for the scores, one more for the reasons of rows at or above the threshold. */
  public Scores scores(ScoringModel model, List<FeaturedTransaction> batch) {
    float[] rows = toRows(model, batch);
    float[] scores = model.score(rows, batch.size());
    return new Scores(scores, reasons(model, rows, scores));
  }

  private List<List<String>> reasons(ScoringModel model, float[] rows, float[] scores) {
    int n = model.featureCount();
    List<List<String>> reasons = new ArrayList<>(scores.length);
    float[] baseline = model.manifest().baseline();
    List<Integer> flagged = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      reasons.add(List.of());
      if (baseline != null && scores[i] >= reasonThreshold) {
        flagged.add(i);
      }
    }
    if (flagged.isEmpty()) {
      return reasons;
    }
    float[] occluded = new float[flagged.size() * n * n];
    for (int k = 0; k < flagged.size(); k++) {
      int row = flagged.get(k);
      for (int f = 0; f < n; f++) {
        int base = (k * n + f) * n;
        System.arraycopy(rows, row * n, occluded, base, n);
        occluded[base + f] = baseline[f];
      }
    }
    float[] occludedScores = model.score(occluded, flagged.size() * n);
    List<String> names = model.manifest().features();
    for (int k = 0; k < flagged.size(); k++) {
      int row = flagged.get(k);
      List<Integer> order = new ArrayList<>();
      double[] contribution = new double[n];
      int strongest = -1;
      for (int f = 0; f < n; f++) {
        contribution[f] = scores[row] - occludedScores[k * n + f];
        if (contribution[f] >= MIN_CONTRIBUTION) {
          order.add(f);
        }
        if (contribution[f] > 0 && (strongest < 0 || contribution[f] > contribution[strongest])) {
          strongest = f;
        }
      }
      if (order.isEmpty() && strongest >= 0) {
        // Redundant features (a 24 h and a 30-day ratio) can each hide the other's effect: name
        // the one whose replacement lowers the score most, however little.
        order.add(strongest);
      }
      order.sort(Comparator.comparingDouble((Integer f) -> -contribution[f]));
      List<String> top = new ArrayList<>();
      for (int f : order.subList(0, Math.min(MAX_REASONS, order.size()))) {
        top.add(names.get(f));
      }
      reasons.set(row, top);
    }
    return reasons;
  }
}
