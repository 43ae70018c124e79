package dev.vigil.pipelines.generate;

/** The named behaviours the generator writes; every transaction carries one as its label source. */
public enum FraudScenario {
  /** Ordinary spending near home, at the card's habitual amounts. Label 0. */
  LEGIT(false),
  /** Legitimate trip: a purchase far from home, but hours after the previous one. Label 0. */
  LEGIT_TRAVEL(false),
  /** Legitimate large purchase, a few times the card's habit. Label 0. */
  LEGIT_BIG_PURCHASE(false),
  /** A burst of small online purchases at many merchants within minutes. Label 1. */
  CARD_TESTING(true),
  /** A purchase far away minutes after a local one: faster than any plane. Label 1. */
  IMPOSSIBLE_TRAVEL(true),
  /** An amount far above the card's habit at an unusual merchant. Label 1. */
  AMOUNT_SPIKE(true);

  private final boolean fraud;

  FraudScenario(boolean fraud) {
    this.fraud = fraud;
  }

  public boolean isFraud() {
    return fraud;
  }
}
