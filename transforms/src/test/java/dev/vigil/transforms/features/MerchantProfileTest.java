package dev.vigil.transforms.features;

import static dev.vigil.testing.Txns.HOUR;
import static dev.vigil.testing.Txns.T0;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.vigil.model.Label;
import dev.vigil.model.ProfileFeatures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The merchant part of the v2 features, hand-computed. */
class MerchantProfileTest {
  private static final long DAY = CardHistory.DAY_MS;
  private static final long DAY_START = T0 - 10 * HOUR;

  static Label label(String txn, boolean fraud, long labelledAt) {
    return Label.builder()
        .setTransactionId(txn)
        .setMerchantId("M")
        .setFraud(fraud)
        .setLabelledAtMillis(labelledAt)
        .setEventTimeMillis(labelledAt - 7 * DAY)
        .build();
  }

  private static Map<String, Double> at(MerchantProfile p, long t) {
    double[] v = p.featuresAt(t);
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < v.length; i++) {
      m.put(ProfileFeatures.MERCHANT_NAMES.get(i), v[i]);
    }
    return m;
  }

  @Test
  void countsCoverTheWholeDaysBeforeTheTransactionsDay() {
    MerchantProfile p = new MerchantProfile();
    p.addTransaction(DAY_START - 31 * DAY); // D-31: out
    p.addTransaction(DAY_START - 30 * DAY); // D-30: in the 30 days
    p.addTransaction(DAY_START - 7 * DAY - 1); // D-8: 30 days only
    p.addTransaction(DAY_START - 7 * DAY); // D-7
    p.addTransaction(DAY_START - DAY); // D-1
    p.addTransaction(DAY_START - 1); // D-1
    p.addTransaction(T0 - HOUR); // today: in none
    Map<String, Double> f = at(p, T0);
    assertThat(f.get("merchant_count_1d"), equalTo(2.0));
    assertThat(f.get("merchant_count_7d"), equalTo(3.0));
    assertThat(f.get("merchant_count_30d"), equalTo(5.0));
  }

  @Test
  void aCopySharesNoDayCountItUpdates() {
    MerchantProfile held = new MerchantProfile();
    held.addTransaction(DAY_START - DAY);
    MerchantProfile next = held.copy();
    next.addTransaction(DAY_START - DAY + HOUR); // the same day
    next.addLabel(label("x", true, DAY_START - HOUR));
    assertThat(at(held, T0).get("merchant_count_1d"), equalTo(1.0));
    assertThat(at(held, T0).get("merchant_risk_1d"), equalTo(0.0));
    assertThat(at(next, T0).get("merchant_count_1d"), equalTo(2.0));
    assertThat(at(next, T0).get("merchant_risk_1d"), equalTo(1.0));
  }

  @Test
  void aMerchantWithoutLabelsHasNoRisk() {
    MerchantProfile p = new MerchantProfile();
    p.addTransaction(T0 - DAY);
    Map<String, Double> f = at(p, T0);
    assertThat(f.get("merchant_risk_1d"), equalTo(0.0));
    assertThat(f.get("merchant_risk_30d"), equalTo(0.0));
    assertThat(f.get("merchant_labelled_30d"), equalTo(0.0));
  }

  @Test
  void riskCountsEachTransactionsNewestLabelKnownBeforeTheDay() {
    MerchantProfile p = new MerchantProfile();
    p.addLabel(label("t1", true, DAY_START - 3 * DAY + HOUR));
    p.addLabel(label("t2", false, DAY_START - 3 * DAY + 2 * HOUR));
    // t3: fraud on D-10, corrected to legitimate on D-2 (contradicting labels: the newest wins).
    p.addLabel(label("t3", true, DAY_START - 10 * DAY));
    p.addLabel(label("t3", false, DAY_START - 2 * DAY));
    // t5 known at the last instant of D-1; t4 only today (not known at the day's start).
    p.addLabel(label("t5", true, DAY_START - 1));
    p.addLabel(label("t4", true, T0 - HOUR));
    // The same label delivered twice counts once; t9 is a transaction never seen: it counts.
    p.addLabel(label("t5", true, DAY_START - 1));
    p.addLabel(label("t9", false, DAY_START - 20 * DAY));
    Map<String, Double> f = at(p, T0);
    assertThat(f.get("merchant_risk_1d"), equalTo(1.0)); // t5
    assertThat(f.get("merchant_risk_7d"), equalTo(0.5)); // t1, t5 of t1, t2, t3, t5
    assertThat(f.get("merchant_risk_30d"), equalTo(0.4)); // and t9
    assertThat(f.get("merchant_labelled_30d"), equalTo(5.0));
    // Five days earlier only t3's first label (fraud, D-10) and t9 were known.
    Map<String, Double> before = at(p, T0 - 5 * DAY);
    assertThat(before.get("merchant_risk_7d"), equalTo(1.0));
    assertThat(before.get("merchant_risk_30d"), equalTo(0.5));
    assertThat(before.get("merchant_labelled_30d"), equalTo(2.0));
  }

  @Test
  void roundTripsThroughItsCoderAndForgetsWhatIsOlderThanThirtyDays() throws Exception {
    MerchantProfile p = new MerchantProfile();
    for (int d = 0; d < 60; d++) {
      p.addTransaction(T0 + d * DAY);
      p.addLabel(label("t" + d, d % 5 == 0, T0 + d * DAY + HOUR));
    }
    assertThat(p.dayCounts.size(), equalTo(31));
    assertThat(p.labels.size(), equalTo(31));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    MerchantProfileCoder.of().encode(p, bytes);
    MerchantProfile back =
        MerchantProfileCoder.of().decode(new ByteArrayInputStream(bytes.toByteArray()));
    long next = T0 + 60 * DAY;
    assertThat(back.featuresAt(next), equalTo(p.featuresAt(next)));
    assertThat("well under 4 KB", bytes.size() < 4096, equalTo(true));
  }
}
