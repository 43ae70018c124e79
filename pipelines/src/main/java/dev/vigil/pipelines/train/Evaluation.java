package dev.vigil.pipelines.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Held-out evaluation of scores against labels: precision and recall at the operating thresholds,
 * PR-AUC (average precision), ROC AUC, card precision@100 per day ({@link CardPrecision}) and
 * recall per fraud scenario.
 */
public final class Evaluation {
  private final float[] scores;
  private final byte[] labels;
  private final String[] scenarios;
  private final long positives;
  private final List<Double> cardPrecision;

  /** Scores against the labels of {@code rows} (scenarios are read for the fraud rows only). */
  public Evaluation(float[] scores, RowSubset rows) {
    this(scores, labelsOf(rows), scenariosOf(rows), cardPrecisionOf(scores, rows));
  }

  private static List<Double> cardPrecisionOf(float[] scores, RowSubset rows) {
    int[] day = new int[rows.size()];
    int[] card = new int[rows.size()];
    for (int i = 0; i < day.length; i++) {
      day[i] = (int) Math.floorDiv(rows.rows.eventTimeMillis(rows.index[i]), 86_400_000L);
      card[i] = rows.rows.cardHash(rows.index[i]);
    }
    return CardPrecision.perDay(day, card, scores, labelsOf(rows), 100);
  }

  /**
   * Scores against labels (1: fraud) and the fraud rows' scenarios, all indexed alike; {@code
   * scenarios[i]} is read only where {@code labels[i]} is 1.
   */
  public Evaluation(float[] scores, byte[] labels, String[] scenarios) {
    this(scores, labels, scenarios, List.of());
  }

  /** As above, with the card precision@100 of each day (empty when not computed). */
  public Evaluation(
      float[] scores, byte[] labels, String[] scenarios, List<Double> cardPrecisionPerDay) {
    this.cardPrecision = List.copyOf(cardPrecisionPerDay);
    if (scores.length != labels.length || labels.length != scenarios.length) {
      throw new IllegalArgumentException("scores, labels and scenarios differ in length");
    }
    this.scores = scores;
    this.labels = labels;
    this.scenarios = scenarios;
    long p = 0;
    for (byte l : labels) {
      p += l != 0 ? 1 : 0;
    }
    this.positives = p;
  }

  private static byte[] labelsOf(RowSubset rows) {
    byte[] labels = new byte[rows.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (byte) rows.label(i);
    }
    return labels;
  }

  private static String[] scenariosOf(RowSubset rows) {
    String[] scenarios = new String[rows.size()];
    for (int i = 0; i < scenarios.length; i++) {
      if (rows.label(i) != 0) {
        scenarios[i] = rows.rows.scenario(rows.index[i]);
      }
    }
    return scenarios;
  }

  /** Mean card precision@100 per day (the Handbook's measure); 0 when not computed. */
  public double cardPrecisionAt100() {
    return CardPrecision.mean(cardPrecision);
  }

  public long positives() {
    return positives;
  }

  private boolean fraud(int i) {
    return labels[i] != 0;
  }

  /** Row indices by descending score (ties by index), without boxing. */
  private int[] byDescendingScore() {
    long[] keys = new long[scores.length];
    for (int i = 0; i < scores.length; i++) {
      // Scores are in [0, 1]: their bits order as the floats do. Negated for descending.
      keys[i] = ((long) (Integer.MAX_VALUE - Float.floatToIntBits(scores[i])) << 32) | i;
    }
    Arrays.sort(keys);
    int[] order = new int[keys.length];
    for (int i = 0; i < keys.length; i++) {
      order[i] = (int) keys[i];
    }
    return order;
  }

  /** Area under the ROC curve (the probability that a fraud scores above a legitimate row). */
  public double rocAuc() {
    long negatives = scores.length - positives;
    if (positives == 0 || negatives == 0) {
      return 0;
    }
    int[] order = byDescendingScore();
    double area = 0;
    long fraudAbove = 0;
    int k = 0;
    while (k < order.length) {
      int end = k;
      long tiedFraud = 0;
      long tiedLegit = 0;
      while (end < order.length && scores[order[end]] == scores[order[k]]) {
        if (fraud(order[end])) {
          tiedFraud++;
        } else {
          tiedLegit++;
        }
        end++;
      }
      area += tiedLegit * (fraudAbove + tiedFraud / 2.0);
      fraudAbove += tiedFraud;
      k = end;
    }
    return area / ((double) positives * negatives);
  }

  /** {precision, recall, flagged} at {@code score >= threshold}. */
  public double[] at(double threshold) {
    long tp = 0;
    long fp = 0;
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] >= threshold) {
        if (fraud(i)) {
          tp++;
        } else {
          fp++;
        }
      }
    }
    double precision = tp + fp == 0 ? 1.0 : tp / (double) (tp + fp);
    double recall = positives() == 0 ? 0.0 : tp / (double) positives();
    return new double[] {precision, recall, tp + fp};
  }

  /** Average precision: the area under the precision-recall curve, step-wise. */
  public double prAuc() {
    int[] order = byDescendingScore();
    long tp = 0;
    double ap = 0;
    for (int k = 0; k < order.length; k++) {
      if (fraud(order[k])) {
        tp++;
        ap += tp / (double) (k + 1);
      }
    }
    return positives == 0 ? 0 : ap / positives;
  }

  /** Recall per fraud scenario at {@code threshold}. */
  public Map<String, double[]> recallByScenario(double threshold) {
    Map<String, double[]> out = new TreeMap<>();
    for (int i = 0; i < scores.length; i++) {
      if (fraud(i)) {
        double[] c = out.computeIfAbsent(scenarios[i], k -> new double[2]);
        c[1]++;
        if (scores[i] >= threshold) {
          c[0]++;
        }
      }
    }
    return out;
  }

  public ObjectNode toJson(double review, double block) {
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("holdout_rows", scores.length);
    n.put("holdout_fraud", positives());
    n.put("pr_auc", prAuc());
    n.put("roc_auc", rocAuc());
    if (!cardPrecision.isEmpty()) {
      n.put("card_precision_at_100", cardPrecisionAt100());
    }
    for (Map.Entry<String, Double> t : Map.of("review", review, "block", block).entrySet()) {
      double[] m = at(t.getValue());
      ObjectNode o = n.putObject(t.getKey());
      o.put("threshold", t.getValue());
      o.put("precision", m[0]);
      o.put("recall", m[1]);
      o.put("flagged", (long) m[2]);
    }
    ObjectNode byScenario = n.putObject("recall_by_scenario_at_review");
    recallByScenario(review).forEach((k, v) -> byScenario.put(k, v[0] / v[1]));
    return n;
  }

  public String render(double review, double block) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "Held-out evaluation: %,d transactions, %,d fraud%n", scores.length, positives()));
    b.append(String.format("  PR-AUC (average precision)   %.3f%n", prAuc()));
    b.append(String.format("  ROC AUC                      %.3f%n", rocAuc()));
    if (!cardPrecision.isEmpty()) {
      b.append(
          String.format(
              "  card precision@100 per day   %.3f (mean of %d days)%n",
              cardPrecisionAt100(), cardPrecision.size()));
    }
    b.append("  threshold            precision  recall  flagged\n");
    double[] r = at(review);
    b.append(
        String.format(
            "  REVIEW  score>=%.2f   %8.3f  %6.3f  %,7d%n", review, r[0], r[1], (long) r[2]));
    double[] k = at(block);
    b.append(
        String.format(
            "  BLOCK   score>=%.2f   %8.3f  %6.3f  %,7d%n", block, k[0], k[1], (long) k[2]));
    b.append("  recall by fraud scenario at REVIEW:\n");
    recallByScenario(review)
        .forEach(
            (s, c) ->
                b.append(
                    String.format(
                        "    %-18s %6.3f  (%d of %d)%n",
                        s, c[0] / c[1], (long) c[0], (long) c[1])));
    return b.toString();
  }
}
