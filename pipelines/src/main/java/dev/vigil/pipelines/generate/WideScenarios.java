package dev.vigil.pipelines.generate;

import static dev.vigil.pipelines.generate.TransactionGenerator.CITIES;
import static dev.vigil.pipelines.generate.TransactionGenerator.HOUR;
import static dev.vigil.pipelines.generate.TransactionGenerator.WEB_MERCHANTS;

import dev.vigil.pipelines.generate.TransactionGenerator.Card;
import dev.vigil.pipelines.generate.TransactionGenerator.Event;
import dev.vigil.transforms.features.Haversine;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The fraud scenarios of {@link ScenarioRanges#BROAD} and {@link ScenarioRanges#WIDE}: the same
 * shapes with parameters drawn from a {@link Spread}.
 */
final class WideScenarios {
  /**
   * Parameter ranges, inclusive of the minimum: card-testing purchases, their largest amount and
   * largest gap; impossible-travel gap and online purchases in between; amount spike multiple and
   * quiet days before it.
   */
  record Spread(
      int testingMin,
      int testingMax,
      double testingMaxAmount,
      long testingMinGapMs,
      long testingMaxGapMs,
      long travelMinGapMs,
      long travelMaxGapMs,
      int onlineMin,
      int onlineMax,
      double spikeMin,
      double spikeMax,
      double quietMinDays,
      double quietMaxDays) {}

  static final Spread BROAD =
      new Spread(3, 12, 8, 2_000, 120_000, 2 * 60_000L, 3 * HOUR, 0, 2, 6, 40, 0, 2);
  static final Spread WIDE =
      new Spread(3, 15, 10, 5_000, 300_000, HOUR, 6 * HOUR, 1, 3, 5, 50, 1, 3);

  static Spread of(ScenarioRanges ranges) {
    return ranges == ScenarioRanges.BROAD ? BROAD : WIDE;
  }

  /** Faster than this between two located purchases is impossible (an airliner's cruise). */
  static final double MAX_PLAUSIBLE_KMH = 950;

  private WideScenarios() {}

  /** Adds scenario {@code kind} (0 card testing, 1 impossible travel, 2 amount spike). */
  static void add(
      int kind, Spread spread, SplittableRandom rnd, Card card, long at, List<Event> out) {
    switch (kind) {
      case 0 -> cardTesting(spread, rnd, card, at, out);
      case 1 -> impossibleTravel(spread, rnd, card, at, out);
      default -> amountSpike(spread, rnd, card, at, out);
    }
  }

  private static long between(SplittableRandom rnd, long min, long max) {
    return min + (long) (rnd.nextDouble() * (max - min));
  }

  private static void cardTesting(
      Spread spread, SplittableRandom rnd, Card card, long at, List<Event> out) {
    int size = spread.testingMin() + rnd.nextInt(spread.testingMax() - spread.testingMin() + 1);
    long t = at;
    for (int i = 0; i < size; i++) {
      t +=
          spread.testingMinGapMs()
              + rnd.nextInt((int) (spread.testingMaxGapMs() - spread.testingMinGapMs()));
      out.add(
          new Event(
              t,
              card.id,
              web(rnd),
              "retail",
              0.5 + rnd.nextDouble() * (spread.testingMaxAmount() - 0.5),
              null,
              null,
              "ECOM",
              card.currency,
              FraudScenario.CARD_TESTING));
    }
  }

  private static void impossibleTravel(
      Spread spread, SplittableRandom rnd, Card card, long at, List<Event> out) {
    long gap = between(rnd, spread.travelMinGapMs(), spread.travelMaxGapMs());
    // A city too far to reach in the gap; the farthest one when none is.
    int far = -1;
    double best = -1;
    for (int tries = 0; tries < 30; tries++) {
      int c = rnd.nextInt(CITIES.length);
      double km =
          Haversine.km(card.homeLat, card.homeLon, (double) CITIES[c][1], (double) CITIES[c][2]);
      if (km / (gap / (double) HOUR) > MAX_PLAUSIBLE_KMH) {
        far = c;
        break;
      }
      if (km > best) {
        best = km;
        far = c;
      }
    }
    out.add(
        new Event(
            at,
            card.id,
            TransactionGenerator.merchant(card.city, rnd),
            TransactionGenerator.category(rnd),
            TransactionGenerator.lognormal(rnd, card.habit),
            TransactionGenerator.jitter(rnd, card.homeLat),
            TransactionGenerator.jitter(rnd, card.homeLon),
            "POS",
            card.currency,
            FraudScenario.LEGIT));
    int online = spread.onlineMin() + rnd.nextInt(spread.onlineMax() - spread.onlineMin() + 1);
    for (int i = 1; i <= online; i++) {
      out.add(
          new Event(
              at + gap * i / (online + 1),
              card.id,
              web(rnd),
              "retail",
              TransactionGenerator.lognormal(rnd, card.habit),
              null,
              null,
              "ECOM",
              card.currency,
              FraudScenario.LEGIT));
    }
    out.add(
        new Event(
            at + gap,
            card.id,
            TransactionGenerator.merchant(far, rnd),
            TransactionGenerator.category(rnd),
            card.habit * (1 + rnd.nextDouble() * 4),
            TransactionGenerator.jitter(rnd, (double) CITIES[far][1]),
            TransactionGenerator.jitter(rnd, (double) CITIES[far][2]),
            "POS",
            card.currency,
            FraudScenario.IMPOSSIBLE_TRAVEL));
  }

  private static void amountSpike(
      Spread spread, SplittableRandom rnd, Card card, long at, List<Event> out) {
    double amount =
        card.habit
            * (spread.spikeMin() + rnd.nextDouble() * (spread.spikeMax() - spread.spikeMin()));
    if (rnd.nextBoolean()) {
      out.add(
          new Event(
              at,
              card.id,
              web(rnd),
              "electronics",
              amount,
              null,
              null,
              "ECOM",
              card.currency,
              FraudScenario.AMOUNT_SPIKE));
    } else {
      out.add(
          new Event(
              at,
              card.id,
              TransactionGenerator.merchant(card.city, rnd),
              "electronics",
              amount,
              TransactionGenerator.jitter(rnd, card.homeLat),
              TransactionGenerator.jitter(rnd, card.homeLon),
              "POS",
              card.currency,
              FraudScenario.AMOUNT_SPIKE));
    }
  }

  private static String web(SplittableRandom rnd) {
    return String.format("m-web-%03d", rnd.nextInt(WEB_MERCHANTS + 10));
  }
}
