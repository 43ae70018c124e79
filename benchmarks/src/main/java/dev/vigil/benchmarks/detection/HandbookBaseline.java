package dev.vigil.benchmarks.detection;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The Handbook's chapter-3 logistic regression, refit on this run's data so that Vigil's row has a
 * baseline from the same draw of the simulator: the book's 15 features (amount, weekend, night; the
 * customer's transaction count and mean amount over 1, 7 and 30 days; the terminal's count and
 * delayed fraud share over 1, 7 and 30 days), each taken from Vigil's nearest feature, standardised
 * with the training rows' statistics, and an L2-penalised logistic regression with an unpenalised
 * intercept ({@code scikit-learn}'s default {@code C = 1}) fit by Newton's method.
 *
 * <p>The mapping: the book's 1-day customer window includes the transaction itself, so it is v1's
 * 24 h count plus one and the mean of those amounts; its 7- and 30-day windows are v2's whole-day
 * windows ({@code count_7d}, {@code amount_avg_7d}, ...), which leave out the transaction's own
 * day; night is an hour of day up to 6 as in the book; the terminal's counts are v2's merchant
 * counts (not delayed, where the book's are) and its risk is v2's merchant risk, which is the
 * book's delayed terminal risk when labels are known 7 days late.
 */
final class HandbookBaseline {
  /** The book's feature names, in order. */
  static final List<String> FEATURES =
      List.of(
          "TX_AMOUNT",
          "TX_DURING_WEEKEND",
          "TX_DURING_NIGHT",
          "CUSTOMER_ID_NB_TX_1DAY_WINDOW",
          "CUSTOMER_ID_AVG_AMOUNT_1DAY_WINDOW",
          "CUSTOMER_ID_NB_TX_7DAY_WINDOW",
          "CUSTOMER_ID_AVG_AMOUNT_7DAY_WINDOW",
          "CUSTOMER_ID_NB_TX_30DAY_WINDOW",
          "CUSTOMER_ID_AVG_AMOUNT_30DAY_WINDOW",
          "TERMINAL_ID_NB_TX_1DAY_WINDOW",
          "TERMINAL_ID_RISK_1DAY_WINDOW",
          "TERMINAL_ID_NB_TX_7DAY_WINDOW",
          "TERMINAL_ID_RISK_7DAY_WINDOW",
          "TERMINAL_ID_NB_TX_30DAY_WINDOW",
          "TERMINAL_ID_RISK_30DAY_WINDOW");

  /** The v2 features {@link #bookFeatures} reads (the training rows must hold them all). */
  static final List<String> VIGIL_FEATURES =
      List.of(
          "amount",
          "weekend",
          "hour_of_day",
          "count_24h",
          "amount_avg_24h",
          "count_7d",
          "amount_avg_7d",
          "count_30d",
          "amount_avg_30d",
          "merchant_count_1d",
          "merchant_risk_1d",
          "merchant_count_7d",
          "merchant_risk_7d",
          "merchant_count_30d",
          "merchant_risk_30d");

  private static final double L2 = 1.0;
  private static final int MAX_ITERATIONS = 50;

  private final double[] mean;
  private final double[] std;

  /** Intercept first, then one weight per standardised feature. */
  private final double[] weights;

  private HandbookBaseline(double[] mean, double[] std, double[] weights) {
    this.mean = mean;
    this.std = std;
    this.weights = weights;
  }

  /** The book's 15 features of one transaction, from its Vigil features by name. */
  static double[] bookFeatures(ToDoubleFunction<String> vigil) {
    double amount = vigil.applyAsDouble("amount");
    double count24h = vigil.applyAsDouble("count_24h");
    return new double[] {
      amount,
      vigil.applyAsDouble("weekend"),
      vigil.applyAsDouble("hour_of_day") <= 6 ? 1 : 0,
      count24h + 1,
      (vigil.applyAsDouble("amount_avg_24h") * count24h + amount) / (count24h + 1),
      vigil.applyAsDouble("count_7d"),
      vigil.applyAsDouble("amount_avg_7d"),
      vigil.applyAsDouble("count_30d"),
      vigil.applyAsDouble("amount_avg_30d"),
      vigil.applyAsDouble("merchant_count_1d"),
      vigil.applyAsDouble("merchant_risk_1d"),
      vigil.applyAsDouble("merchant_count_7d"),
      vigil.applyAsDouble("merchant_risk_7d"),
      vigil.applyAsDouble("merchant_count_30d"),
      vigil.applyAsDouble("merchant_risk_30d")
    };
  }

  /** Fits on rows of {@link #bookFeatures} with labels 0/1. */
  static HandbookBaseline fit(double[][] x, byte[] y) {
    int n = x.length;
    int d = FEATURES.size();
    if (n == 0 || x[0].length != d) {
      throw new IllegalArgumentException("need rows of " + d + " features, got " + n + " rows");
    }
    double[] mean = new double[d];
    double[] std = new double[d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / n;
      }
    }
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        std[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
      }
    }
    for (int j = 0; j < d; j++) {
      std[j] = std[j] > 0 ? Math.sqrt(std[j]) : 1;
    }
    HandbookBaseline model = new HandbookBaseline(mean, std, new double[d + 1]);
    double[] z = new double[d + 1];
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double[] gradient = new double[d + 1];
      double[][] hessian = new double[d + 1][d + 1];
      for (int i = 0; i < n; i++) {
        model.standardised(x[i], z);
        double p = sigmoid(dot(model.weights, z));
        double w = p * (1 - p);
        for (int a = 0; a <= d; a++) {
          gradient[a] += (p - y[i]) * z[a];
          for (int b = 0; b <= a; b++) {
            hessian[a][b] += w * z[a] * z[b];
          }
        }
      }
      for (int a = 0; a <= d; a++) {
        for (int b = 0; b < a; b++) {
          hessian[b][a] = hessian[a][b];
        }
        if (a > 0) { // the intercept is not penalised
          gradient[a] += L2 * model.weights[a];
          hessian[a][a] += L2;
        }
      }
      double[] step = solve(hessian, gradient);
      double largest = 0;
      for (int a = 0; a <= d; a++) {
        model.weights[a] -= step[a];
        largest = Math.max(largest, Math.abs(step[a]));
      }
      if (largest < 1e-8) {
        break;
      }
    }
    return model;
  }

  /** The fraud probability of one row of {@link #bookFeatures}. */
  double score(double[] row) {
    double[] z = new double[weights.length];
    standardised(row, z);
    return sigmoid(dot(weights, z));
  }

  private void standardised(double[] row, double[] z) {
    z[0] = 1;
    for (int j = 0; j < row.length; j++) {
      z[j + 1] = (row[j] - mean[j]) / std[j];
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  /** Solves {@code a x = b} for a symmetric positive definite {@code a} (Cholesky). */
  static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (s <= 0) {
            throw new IllegalStateException("the Hessian is not positive definite");
          }
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * y[k];
      }
      y[i] = s / l[i][i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = y[i];
      for (int k = i + 1; k < n; k++) {
        s -= l[k][i] * x[k];
      }
      x[i] = s / l[i][i];
    }
    return x;
  }
}
