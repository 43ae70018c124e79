package dev.vigil.pipelines.sensors;

import java.util.List;

/**
 * The features of one sensor's readings in one window {@code [start, end)}, in model input order.
 * Readings are taken sorted by time, then value (so every runner computes the same numbers):
 *
 * <ul>
 *   <li>{@code count}: readings in the window;
 *   <li>{@code mean}, {@code std}: their mean and population standard deviation;
 *   <li>{@code slope_per_min}: the least-squares slope of value over time, per minute (0 for fewer
 *       than two distinct times);
 *   <li>{@code max_gap_s}: the longest time between consecutive readings, in seconds (0 for one);
 *   <li>{@code max_abs_z}: the largest {@code |value - mean| / std} (0 when std is 0);
 *   <li>{@code range}: max minus min;
 *   <li>{@code repeat_fraction}: the share of consecutive readings with exactly the same value.
 * </ul>
 */
public final class SensorFeatures {
  public static final List<String> NAMES =
      List.of(
          "count",
          "mean",
          "std",
          "slope_per_min",
          "max_gap_s",
          "max_abs_z",
          "range",
          "repeat_fraction");

  private SensorFeatures() {}

  /** The features of {@code sorted} (non-empty, in {@link Reading#compareTo} order). */
  public static double[] compute(List<Reading> sorted) {
    int n = sorted.size();
    if (n == 0) {
      throw new IllegalArgumentException("a window has at least one reading");
    }
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Reading r : sorted) {
      sum += r.value();
      min = Math.min(min, r.value());
      max = Math.max(max, r.value());
    }
    double mean = sum / n;
    long t0 = sorted.get(0).timeMillis();
    double meanT = 0;
    for (Reading r : sorted) {
      meanT += (r.timeMillis() - t0) / 60_000.0;
    }
    meanT /= n;
    double sq = 0;
    double sxx = 0;
    double sxy = 0;
    long maxGap = 0;
    int repeats = 0;
    for (int i = 0; i < n; i++) {
      Reading r = sorted.get(i);
      double dv = r.value() - mean;
      double dt = (r.timeMillis() - t0) / 60_000.0 - meanT;
      sq += dv * dv;
      sxx += dt * dt;
      sxy += dt * dv;
      if (i > 0) {
        Reading prev = sorted.get(i - 1);
        maxGap = Math.max(maxGap, r.timeMillis() - prev.timeMillis());
        if (r.value() == prev.value()) {
          repeats++;
        }
      }
    }
    double std = Math.sqrt(sq / n);
    double maxZ = 0;
    if (std > 0) {
      for (Reading r : sorted) {
        maxZ = Math.max(maxZ, Math.abs(r.value() - mean) / std);
      }
    }
    return new double[] {
      n,
      mean,
      std,
      sxx > 0 ? sxy / sxx : 0,
      maxGap / 1000.0,
      maxZ,
      max - min,
      n > 1 ? (double) repeats / (n - 1) : 0
    };
  }
}
