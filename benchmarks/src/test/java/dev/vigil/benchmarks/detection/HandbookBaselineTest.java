package dev.vigil.benchmarks.detection;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;

import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The refit book baseline: its feature mapping by hand, its solver, and a known model recovered.
 */
class HandbookBaselineTest {

  @Test
  void mapsVigilFeaturesToTheBooksIncludingTheTransactionInItsOneDayWindow() {
    Map<String, Double> v =
        Map.ofEntries(
            Map.entry("amount", 40.0),
            Map.entry("weekend", 1.0),
            Map.entry("hour_of_day", 6.0),
            Map.entry("count_24h", 3.0),
            Map.entry("amount_avg_24h", 20.0),
            Map.entry("count_7d", 10.0),
            Map.entry("amount_avg_7d", 25.0),
            Map.entry("count_30d", 40.0),
            Map.entry("amount_avg_30d", 30.0),
            Map.entry("merchant_count_1d", 2.0),
            Map.entry("merchant_risk_1d", 0.5),
            Map.entry("merchant_count_7d", 9.0),
            Map.entry("merchant_risk_7d", 0.25),
            Map.entry("merchant_count_30d", 31.0),
            Map.entry("merchant_risk_30d", 0.125));
    Set<String> read = new HashSet<>();
    double[] book =
        HandbookBaseline.bookFeatures(
            name -> {
              read.add(name);
              return v.get(name);
            });
    // The benchmark checks the training rows against this list: it must be what the mapping reads.
    assertThat(read, equalTo(Set.copyOf(HandbookBaseline.VIGIL_FEATURES)));
    assertThat(book.length, equalTo(HandbookBaseline.FEATURES.size()));
    assertThat(book[2], equalTo(1.0)); // hour 6 is night, as in the book (hour <= 6)
    assertThat(book[3], equalTo(4.0)); // three earlier transactions within 24 h and this one
    assertThat(book[4], equalTo((3 * 20.0 + 40.0) / 4)); // their mean amount, this one's included
    assertThat(book[10], equalTo(0.5));
    assertThat(book[14], equalTo(0.125));
    Map<String, Double> day = new java.util.HashMap<>(v);
    day.put("hour_of_day", 7.0);
    assertThat(HandbookBaseline.bookFeatures(day::get)[2], equalTo(0.0));
    assertThat(HandbookBaseline.VIGIL_FEATURES.size(), equalTo(HandbookBaseline.FEATURES.size()));
  }

  @Test
  void solvesASymmetricPositiveDefiniteSystem() {
    double[][] a = {{4, 2, 0}, {2, 5, 1}, {0, 1, 3}};
    double[] x = HandbookBaseline.solve(a, new double[] {8, 17, 11});
    double[] b = new double[3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        b[i] += a[i][j] * x[j];
      }
    }
    assertThat(b[0], closeTo(8, 1e-12));
    assertThat(b[1], closeTo(17, 1e-12));
    assertThat(b[2], closeTo(11, 1e-12));
  }

  @Test
  void recoversTheProbabilitiesOfAKnownLogisticModel() {
    // Fraud depends on the terminal's 1-day risk and on the amount; the other features are noise.
    Random random = new Random(7);
    int n = 40_000;
    double[][] x = new double[n][];
    byte[] y = new byte[n];
    for (int i = 0; i < n; i++) {
      x[i] = row(random, random.nextDouble(), 20 + 200 * random.nextDouble());
      double logit = -4 + 5 * x[i][10] + 0.01 * x[i][0];
      y[i] = (byte) (random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0);
    }
    HandbookBaseline model = HandbookBaseline.fit(x, y);
    for (double[] point : new double[][] {{0.1, 50}, {0.5, 100}, {0.9, 200}}) {
      double truth = 1 / (1 + Math.exp(-(-4 + 5 * point[0] + 0.01 * point[1])));
      double fitted = model.score(row(new Random(1), point[0], point[1]));
      assertThat(fitted, closeTo(truth, 0.03));
    }
    assertThat(
        model.score(row(new Random(1), 0.9, 50)),
        greaterThan(model.score(row(new Random(1), 0, 50))));
    assertThat(model.score(row(new Random(1), 0, 20)), lessThan(0.05));
  }

  private static double[] row(Random random, double risk1d, double amount) {
    double[] r = new double[HandbookBaseline.FEATURES.size()];
    for (int j = 0; j < r.length; j++) {
      r[j] = random.nextGaussian();
    }
    r[0] = amount;
    r[10] = risk1d;
    return r;
  }
}
