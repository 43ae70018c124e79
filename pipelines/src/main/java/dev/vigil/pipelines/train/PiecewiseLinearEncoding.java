package dev.vigil.pipelines.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Piecewise-linear encoding of each feature over its quantile bins (Gorishniy et al., "On
 * Embeddings for Numerical Features in Tabular Deep Learning", 2022): bin {@code i} of a feature
 * with edges {@code b[i-1] < b[i]} encodes {@code clip((x - b[i-1]) / (b[i] - b[i-1]), 0, 1)}. It
 * lets a small network draw sharp thresholds (an amount over a limit, a merchant's risk above zero)
 * that a smooth function of a standardised value only approximates. The edges are quantiles of a
 * sample of the training rows drawn with a given fraud share (the trainer uses half), so bins are
 * fine where fraud lives as well as where legitimate traffic does; they are constants in the
 * exported graph. On the Fraud Detection Handbook benchmark it raised average precision from 0.644
 * to 0.675 and the recall of amounts over 220 from 0.90 to 1.00 (benchmarks/DETECTION.md).
 */
final class PiecewiseLinearEncoding {
  private final int[] feature;
  private final float[] low;
  private final float[] inverseWidth;

  private PiecewiseLinearEncoding(int[] feature, float[] low, float[] inverseWidth) {
    this.feature = feature;
    this.low = low;
    this.inverseWidth = inverseWidth;
  }

  /** Edges at the {@code bins}-quantiles of up to 200,000 rows sampled with {@code fraudShare}. */
  static PiecewiseLinearEncoding fit(RowSubset rows, int bins, double fraudShare, long seed) {
    int n = rows.rows.featureNames().size();
    List<Integer> fraud = new ArrayList<>();
    List<Integer> legit = new ArrayList<>();
    for (int p = 0; p < rows.size(); p++) {
      (rows.label(p) != 0 ? fraud : legit).add(p);
    }
    int sample = Math.min(200_000, rows.size());
    Random random = new Random(seed ^ 0x5EEDL);
    float[][] values = new float[n][sample];
    float[] x = new float[n];
    for (int s = 0; s < sample; s++) {
      List<Integer> pool =
          !fraud.isEmpty() && (legit.isEmpty() || random.nextDouble() < fraudShare) ? fraud : legit;
      rows.features(pool.get(random.nextInt(pool.size())), x, 0);
      for (int c = 0; c < n; c++) {
        values[c][s] = x[c];
      }
    }
    List<Integer> f = new ArrayList<>();
    List<Float> lo = new ArrayList<>();
    List<Float> inv = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      float[] v = values[c];
      Arrays.sort(v);
      float previous = v[0];
      for (int b = 1; b <= bins; b++) {
        float edge = v[(int) Math.min(v.length - 1, (long) b * (v.length - 1) / bins)];
        if (edge > previous) {
          f.add(c);
          lo.add(previous);
          inv.add(1f / (edge - previous));
          previous = edge;
        }
      }
    }
    int m = f.size();
    int[] fa = new int[m];
    float[] la = new float[m];
    float[] ia = new float[m];
    for (int i = 0; i < m; i++) {
      fa[i] = f.get(i);
      la[i] = lo.get(i);
      ia[i] = inv.get(i);
    }
    return new PiecewiseLinearEncoding(fa, la, ia);
  }

  int width() {
    return feature.length;
  }

  /** The encoding of {@code input} ({@code [rows, n]} raw features): {@code [rows, width()]}. */
  Operand<TFloat32> apply(Ops tf, Operand<TFloat32> input) {
    Operand<TFloat32> gathered = tf.gather(input, tf.constant(feature), tf.constant(1));
    return tf.clipByValue(
        tf.math.mul(tf.math.sub(gathered, tf.constant(low)), tf.constant(inverseWidth)),
        tf.constant(0f),
        tf.constant(1f));
  }
}
