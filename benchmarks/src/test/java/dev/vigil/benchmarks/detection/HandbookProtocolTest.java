package dev.vigil.benchmarks.detection;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import dev.vigil.benchmarks.detection.HandbookProtocol.Scored;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The book's test-set rule and card precision@k, on hand-made days. */
class HandbookProtocolTest {
  static final int T = HandbookProtocol.TEST_START_DAY;

  static Scored tx(int day, String card, int label, float score) {
    return new Scored(day, card, label, label == 1 ? "S" : "LEGIT", score);
  }

  @Test
  void cardsKnownCompromisedByTheDelayAreLeftOut() {
    List<Scored> all = new ArrayList<>();
    all.add(tx(HandbookProtocol.TRAIN_START_DAY + 2, "a", 1, 0)); // fraud in the training week
    all.add(tx(HandbookProtocol.TRAIN_START_DAY + 7 + 1, "b", 1, 0)); // known from test day 2 on
    all.add(tx(HandbookProtocol.TRAIN_START_DAY + 7 + 6, "c", 1, 0)); // after the last one used
    for (int d = 0; d < HandbookProtocol.TEST_DAYS; d++) {
      for (String card : new String[] {"a", "b", "c", "d"}) {
        all.add(tx(T + d, card, 0, 0.1f));
      }
    }
    List<Scored> test = HandbookProtocol.testSet(all);
    assertThat(count(test, "a"), equalTo(0L));
    // Test day d leaves out the frauds up to day 121 + d: b (day 123) is in test days 0 and 1.
    assertThat(count(test, "b"), equalTo(2L));
    assertThat(count(test, "c"), equalTo(7L));
    assertThat(count(test, "d"), equalTo(7L));
  }

  @Test
  void cardPrecisionRanksCardsByTheirHighestScoreAndForgetsCardsFoundEarlier() {
    List<Scored> test = new ArrayList<>();
    // Day 0: x (fraud, 0.9), y (legit, 0.8 and 0.95 -> max 0.95), z (fraud, 0.1).
    test.add(tx(T, "x", 1, 0.9f));
    test.add(tx(T, "y", 0, 0.8f));
    test.add(tx(T, "y", 0, 0.95f));
    test.add(tx(T, "z", 1, 0.1f));
    // Day 1: x again (found on day 0, left out), z ranked first now.
    test.add(tx(T + 1, "x", 1, 0.99f));
    test.add(tx(T + 1, "z", 1, 0.7f));
    test.add(tx(T + 1, "w", 0, 0.2f));
    List<Double> cp = HandbookProtocol.cardPrecisionPerDay(test, 2);
    // Day 0 top 2: y, x -> 1 of 2. Day 1 top 2 without x: z, w -> 1 of 2. Other days: empty.
    assertThat(cp.subList(0, 3), contains(0.5, 0.5, 0.0));
  }

  private static long count(List<Scored> test, String card) {
    return test.stream().filter(s -> s.card().equals(card)).count();
  }
}
