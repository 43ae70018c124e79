package dev.vigil.pipelines.generate;

import static dev.vigil.pipelines.generate.TransactionGenerator.CITIES;
import static dev.vigil.pipelines.generate.TransactionGenerator.HOUR;
import static dev.vigil.pipelines.generate.TransactionGenerator.WEB_MERCHANTS;

import dev.vigil.pipelines.generate.TransactionGenerator.Card;
import dev.vigil.pipelines.generate.TransactionGenerator.Event;
import dev.vigil.transforms.features.Haversine;
import java.util.List;
import java.util.SplittableRandom;

/** The fraud scenarios of {@link ScenarioRanges#WIDE}: wider parameters than the training ones. */
final class WideScenarios {
  /** Faster than this between two located purchases is impossible (an airliner's cruise). */
  static final double MAX_PLAUSIBLE_KMH = 950;

  private WideScenarios() {}

  /** Adds scenario {@code kind} (0 card testing, 1 impossible travel, 2 amount spike). */
  static void add(int kind, SplittableRandom rnd, Card card, long at, List<Event> out) {
    switch (kind) {
      case 0 -> cardTesting(rnd, card, at, out);
      case 1 -> impossibleTravel(rnd, card, at, out);
      default -> amountSpike(rnd, card, at, out);
    }
  }

  private static void cardTesting(SplittableRandom rnd, Card card, long at, List<Event> out) {
    int size = 3 + rnd.nextInt(13);
    long t = at;
    for (int i = 0; i < size; i++) {
      t += 5_000 + rnd.nextInt(295_000);
      out.add(
          new Event(
              t,
              card.id,
              web(rnd),
              "retail",
              0.5 + rnd.nextDouble() * 9.5,
              null,
              null,
              "ECOM",
              card.currency,
              FraudScenario.CARD_TESTING));
    }
  }

  private static void impossibleTravel(SplittableRandom rnd, Card card, long at, List<Event> out) {
    long gap = HOUR + (long) (rnd.nextDouble() * 5 * HOUR);
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
    int online = 1 + rnd.nextInt(3);
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

  private static void amountSpike(SplittableRandom rnd, Card card, long at, List<Event> out) {
    double amount = card.habit * (5 + rnd.nextDouble() * 45);
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
