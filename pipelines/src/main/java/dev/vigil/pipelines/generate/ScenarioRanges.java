package dev.vigil.pipelines.generate;

/**
 * How widely {@link TransactionGenerator} draws its fraud scenarios' parameters. {@link #TRAINING}
 * are the generator's first ranges (testdata/sample); {@link #BROAD} is what the shipped model is
 * trained on; {@link #WIDE} draws from wider ranges still, for measuring a model on data it was not
 * trained on.
 */
public enum ScenarioRanges {
  /**
   * Card testing: 4–9 purchases of 0.5–5 a few seconds apart; impossible travel: a far city 2–42
   * minutes after a local purchase; amount spikes: 8–33× the card's habit, online.
   */
  TRAINING,
  /**
   * Card testing: 3–12 purchases of 0.5–8, 2 s to 2 min apart; impossible travel: a far city 2
   * minutes to 3 hours after a local purchase, with 0–2 online purchases without coordinates in
   * between; amount spikes: 6–40× the card's habit after 0–2 quiet days, online or at a local shop.
   */
  BROAD,
  /**
   * Card testing: 3–15 purchases of 0.5–10, 5 s to 5 min apart; impossible travel: a far city 1–6
   * hours after a local purchase (still faster than a plane), with 1–3 online purchases without
   * coordinates in between; amount spikes: 5–50× the card's habit after 1–3 quiet days, online or
   * at a local shop.
   */
  WIDE
}
