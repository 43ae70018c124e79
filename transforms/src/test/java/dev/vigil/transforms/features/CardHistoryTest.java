package dev.vigil.transforms.features;

import static dev.vigil.testing.Txns.HOUR;
import static dev.vigil.testing.Txns.T0;
import static dev.vigil.testing.Txns.txn;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.vigil.model.CardFeatures;
import dev.vigil.model.FeatureSet;
import dev.vigil.model.Transaction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CardHistoryTest {

  static void assertFeatures(String id, CardFeatures actual, CardFeatures expected) {
    double[] a = actual.toArray();
    double[] e = expected.toArray();
    for (int i = 0; i < e.length; i++) {
      assertThat(id + " " + CardFeatures.NAMES.get(i), a[i], closeTo(e[i], 1e-9));
    }
  }

  private static void sweepInOrder(List<Transaction> txns, Map<String, CardFeatures> expected) {
    List<Transaction> sorted = new ArrayList<>(txns);
    sorted.sort(
        Comparator.comparingLong(Transaction::getEventTimeMillis)
            .thenComparing(Transaction::getTransactionId));
    CardHistory history = new CardHistory();
    for (Transaction t : sorted) {
      assertFeatures(
          t.getTransactionId(), history.featuresFor(t), expected.get(t.getTransactionId()));
      history.add(t);
      history.evictExpired();
    }
  }

  @Test
  void matchesHandComputedFeatures() {
    Map<String, CardFeatures> expected = FeatureScenario.expected();
    sweepInOrder(FeatureScenario.CARD_A, expected);
    sweepInOrder(FeatureScenario.CARD_B, expected);
  }

  @Test
  void ignoresHeldTransactionsThatComeLater() {
    CardHistory history = new CardHistory();
    Transaction first = txn("x1", "X", "m", 10, T0);
    Transaction third = txn("x3", "X", "m", 30, T0 + 20 * 60_000);
    Transaction second = txn("x2", "X", "m", 20, T0 + 10 * 60_000);
    history.add(first);
    history.add(third);
    assertThat(history.hasLaterThan(second), is(true));
    CardFeatures f = history.featuresFor(second);
    assertThat(f.getCount1h(), equalTo(1));
    assertThat(f.getSecondsSinceLast(), closeTo(600, 0));
    assertThat(f.getAmountAvg24h(), closeTo(10, 0));
  }

  @Test
  void evictsEverythingAtOrBeyondTheDayHorizonOfTheNewest() {
    CardHistory history = new CardHistory();
    history.add(txn("old", "X", "m", 1, T0));
    history.add(txn("edge", "X", "m", 1, T0 + HOUR));
    history.add(txn("new", "X", "m", 1, T0 + 25 * HOUR));
    history.evictExpired();
    // "old" is 25 h before the newest, "edge" exactly 24 h: both gone; only "new" is held.
    assertThat(history.size(), equalTo(1));
    assertThat(history.contains("new"), is(true));
    assertThat(history.contains("edge"), is(false));
  }

  @Test
  void copyIsUpdatedWithoutTouchingTheOriginal() {
    // Object reuse (--fasterCopy) shares state values with snapshots: updates go to a copy.
    CardHistory held = new CardHistory();
    held.add(txn("a", "X", "m", 1, T0));
    CardHistory next = held.copy();
    next.add(txn("b", "X", "m", 1, T0 + 25 * HOUR));
    next.evictExpired();
    assertThat(held.size(), equalTo(1));
    assertThat(held.contains("a"), is(true));
    assertThat(next.size(), equalTo(1));
    assertThat(next.contains("b"), is(true));
  }

  @Test
  void copyOfAV2HistorySharesNoDayItUpdates() {
    // The 30-day profile's copy shares its days; an update must replace a day, never change it.
    CardHistory held = new CardHistory(FeatureSet.V2);
    held.add(txn("a", "X", "m", 10, T0 - 30 * HOUR));
    held.add(txn("b", "X", "m", 20, T0 - 29 * HOUR));
    Transaction probe = txn("p", "X", "m", 1, T0);
    double[] before = held.profileFor(probe);
    CardHistory next = held.copy();
    next.add(txn("c", "X", "m", 500, T0 - 28 * HOUR)); // the same day as a and b
    assertThat(held.profileFor(probe), equalTo(before));
    assertThat(next.profileFor(probe), not(equalTo(before)));
  }

  @Test
  void coderRoundTripsAndStaysSmall() throws Exception {
    CardHistory history = new CardHistory();
    FeatureScenario.CARD_B.forEach(history::add);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CardHistoryCoder.of().encode(history, bytes);
    CardHistory copy = CardHistoryCoder.of().decode(new ByteArrayInputStream(bytes.toByteArray()));
    assertThat(copy.size(), equalTo(4));
    Transaction probe = txn("z", "B", "m1", 5, T0 + 2 * 60_000, 0.0, 3.0);
    assertThat(copy.featuresFor(probe), equalTo(history.featuresFor(probe)));
    assertThat("bytes for 4 held transactions", bytes.size() < 4 * 64, is(true));
  }
}
