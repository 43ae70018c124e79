package dev.vigil.transforms.features;

import static dev.vigil.testing.Txns.HOUR;
import static dev.vigil.testing.Txns.T0;
import static dev.vigil.testing.Txns.txn;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.model.FeatureSet;
import dev.vigil.model.ProfileFeatures;
import dev.vigil.model.Transaction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The card part of the v2 features, hand-computed at the edges of each window. */
class CardProfileFeaturesTest {
  private static final long DAY = CardHistory.DAY_MS;

  /** T0 is 2026-11-24T10:00Z, a Tuesday; its day starts at 00:00Z. */
  private static final long DAY_START = T0 - 10 * HOUR;

  private static Map<String, Double> profile(CardHistory h, Transaction t) {
    double[] v = h.profileFor(t);
    Map<String, Double> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < v.length; i++) {
      m.put(ProfileFeatures.CARD_NAMES.get(i), v[i]);
    }
    return m;
  }

  private static CardHistory historyOf(List<Transaction> txns) {
    CardHistory h = new CardHistory(FeatureSet.V2);
    for (Transaction t : txns) {
      h.add(t);
      h.evictExpired();
    }
    return h;
  }

  @Test
  void windowsAreTheWholeDaysBeforeTheTransactionsDay() {
    CardHistory h =
        historyOf(
            List.of(
                txn("b", "C", "m", 1000, DAY_START - 31 * DAY + HOUR), // day D-31: out of 30d
                txn("a", "C", "m", 300, DAY_START - 30 * DAY), // first instant of D-30: in
                txn("d", "C", "m", 80, DAY_START - 7 * DAY - 1), // last instant of D-8: out of 7d
                txn("c", "C", "m", 70, DAY_START - 7 * DAY), // first instant of D-7: in 7d
                txn("f", "C", "m", 10, DAY_START - 1), // last instant of D-1
                txn("e", "C", "m", 5, T0 - 2 * HOUR))); // earlier today: in no day window
    Map<String, Double> p = profile(h, txn("x", "C", "m", 100, T0));
    assertThat(p.get("count_7d"), equalTo(2.0));
    assertThat(p.get("amount_avg_7d"), closeTo(40.0, 1e-12));
    assertThat(p.get("count_30d"), equalTo(4.0));
    assertThat(p.get("amount_avg_30d"), closeTo(115.0, 1e-12));
    assertThat(p.get("amount_ratio_30d"), closeTo(100.0 / 115.0, 1e-12));
    assertThat(p.get("amount_max_30d"), equalTo(300.0));
    assertThat(p.get("hour_of_day"), equalTo(10.0));
    assertThat(p.get("weekend"), equalTo(0.0));
  }

  @Test
  void aFirstTransactionHasAnEmptyProfileAndARatioOfOne() {
    Map<String, Double> p = profile(new CardHistory(FeatureSet.V2), txn("x", "C", "m", 50, T0));
    assertThat(p.get("count_30d"), equalTo(0.0));
    assertThat(p.get("amount_avg_30d"), equalTo(0.0));
    assertThat(p.get("amount_ratio_30d"), equalTo(1.0));
    assertThat(p.get("amount_max_30d"), equalTo(0.0));
    assertThat(p.get("km_from_last_located"), equalTo(0.0));
    assertThat(p.get("speed_kmh_from_last_located"), equalTo(0.0));
    assertThat(p.get("km_from_centroid_30d"), equalTo(0.0));
  }

  @Test
  void distanceIsFromTheLastLocatedTransactionWithinThirtyDays() {
    // A located purchase 29 days ago, then an online one (no coordinates) yesterday.
    CardHistory h =
        historyOf(
            List.of(
                txn("p", "C", "m", 20, T0 - 29 * DAY, 50.0, 4.0),
                txn("o", "C", "web", 20, T0 - DAY)));
    Transaction here = txn("x", "C", "m", 20, T0, 50.0, 5.0);
    double km = Haversine.km(50.0, 4.0, 50.0, 5.0);
    Map<String, Double> p = profile(h, here);
    assertThat(p.get("km_from_last_located"), closeTo(km, 1e-9));
    assertThat(p.get("speed_kmh_from_last_located"), closeTo(km / (29 * 24.0), 1e-9));
    // The 30-day centroid is that one located purchase.
    assertThat(p.get("km_from_centroid_30d"), closeTo(km, 1e-6));
    // A transaction without coordinates has no distance.
    Map<String, Double> online = profile(h, txn("y", "C", "web", 20, T0));
    assertThat(online.get("km_from_last_located"), equalTo(0.0));
    assertThat(online.get("km_from_centroid_30d"), equalTo(0.0));
  }

  @Test
  void aLocatedTransactionExactlyThirtyDaysBackIsTooOld() {
    CardHistory h = historyOf(List.of(txn("p", "C", "m", 20, T0 - 30 * DAY, 50.0, 4.0)));
    Map<String, Double> p = profile(h, txn("x", "C", "m", 20, T0, 50.0, 5.0));
    assertThat(p.get("km_from_last_located"), equalTo(0.0));
    assertThat(p.get("speed_kmh_from_last_located"), equalTo(0.0));
    // One millisecond later it is within 30 days.
    Map<String, Double> q = profile(h, txn("x", "C", "m", 20, T0 - 1, 50.0, 5.0));
    assertThat(q.get("km_from_last_located"), closeTo(Haversine.km(50, 4, 50, 5), 1e-9));
  }

  @Test
  void theSpeedGapIsAtLeastOneMinuteAsInV1() {
    CardHistory h = historyOf(List.of(txn("p", "C", "m", 20, T0 - 10_000, 0.0, 0.0)));
    Map<String, Double> p = profile(h, txn("x", "C", "m", 20, T0, 0.0, 1.0));
    double km = Haversine.km(0, 0, 0, 1);
    assertThat(p.get("speed_kmh_from_last_located"), closeTo(km * 60, 1e-6));
  }

  @Test
  void theCentroidIsTheMeanPositionOnTheSphere() {
    CardHistory h =
        historyOf(
            List.of(
                txn("a", "C", "m", 20, T0 - 3 * DAY, 0.0, 0.0),
                txn("b", "C", "m", 20, T0 - 2 * DAY, 0.0, 2.0)));
    assertThat(
        profile(h, txn("x", "C", "m", 20, T0, 0.0, 1.0)).get("km_from_centroid_30d"),
        closeTo(0.0, 1e-6));
    assertThat(
        profile(h, txn("y", "C", "m", 20, T0, 1.0, 1.0)).get("km_from_centroid_30d"),
        closeTo(Haversine.km(0, 1, 1, 1), 1e-6));
  }

  @Test
  void saturdayAndSundayAreTheWeekend() {
    CardHistory h = new CardHistory(FeatureSet.V2);
    long saturday = DAY_START + 4 * DAY; // 2026-11-28T00:00Z
    long monday = saturday + 2 * DAY;
    assertThat(profile(h, txn("a", "C", "m", 1, saturday)).get("weekend"), equalTo(1.0));
    assertThat(profile(h, txn("b", "C", "m", 1, monday - 1)).get("weekend"), equalTo(1.0));
    assertThat(profile(h, txn("c", "C", "m", 1, monday)).get("weekend"), equalTo(0.0));
    assertThat(profile(h, txn("d", "C", "m", 1, saturday - 1)).get("weekend"), equalTo(0.0));
    assertThat(profile(h, txn("e", "C", "m", 1, monday - 1)).get("hour_of_day"), equalTo(23.0));
    assertThat(profile(h, txn("f", "C", "m", 1, monday)).get("hour_of_day"), equalTo(0.0));
  }

  @Test
  void stateHoldsAtMostThirtyOneDaysAndRoundTripsThroughItsCoder() throws Exception {
    CardHistory h = new CardHistory(FeatureSet.V2);
    for (int d = 0; d < 90; d++) {
      h.add(txn("t" + d, "C", "m", 10 + d, T0 + d * DAY, 50.0, 4.0 + d * 0.01));
      h.evictExpired();
    }
    assertThat(h.profile().days.size(), equalTo(31));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CardHistoryCoder.of().encode(h, bytes);
    CardHistory back = CardHistoryCoder.of().decode(new ByteArrayInputStream(bytes.toByteArray()));
    Transaction next = txn("n", "C", "m", 500, T0 + 90 * DAY, 51.0, 4.0);
    assertThat(back.profileFor(next), equalTo(h.profileFor(next)));
    assertThat(back.featuresFor(next), equalTo(h.featuresFor(next)));
    assertThat("well under 4 KB per card", bytes.size() < 4096, equalTo(true));
    assertThat(h.retentionMillis(), equalTo(31 * DAY));
  }

  @Test
  void aV1HistoryKeepsNoProfile() {
    CardHistory h = new CardHistory();
    assertThat(h.retentionMillis(), equalTo(DAY));
    assertThrows(IllegalStateException.class, () -> h.profileFor(txn("x", "C", "m", 1, T0)));
  }
}
