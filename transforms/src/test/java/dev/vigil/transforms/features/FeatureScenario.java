package dev.vigil.transforms.features;

import static dev.vigil.testing.Txns.HOUR;
import static dev.vigil.testing.Txns.MINUTE;
import static dev.vigil.testing.Txns.SECOND;
import static dev.vigil.testing.Txns.T0;
import static dev.vigil.testing.Txns.features;
import static dev.vigil.testing.Txns.txn;

import dev.vigil.model.CardFeatures;
import dev.vigil.model.Transaction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-computed feature expectations covering window edges (exactly 1 h and 24 h apart), ties in
 * event time, missing coordinates, a card's first transaction and the 60 s speed floor.
 */
final class FeatureScenario {
  /** One degree of latitude or of longitude on the equator: R * pi / 180. */
  static final double ONE_DEGREE_KM = 6371.0 * Math.PI / 180.0;

  static final List<Transaction> CARD_A =
      List.of(
          txn("a1", "A", "m1", 100, T0, 40.0, -74.0),
          txn("a2", "A", "m2", 50, T0 + 30 * MINUTE),
          txn("a3", "A", "m1", 200, T0 + HOUR, 41.0, -74.0),
          txn("a4", "A", "m3", 10, T0 + 24 * HOUR, 41.0, -74.0),
          txn("a6", "A", "m4", 60, T0 + 25 * HOUR),
          txn("a5", "A", "m4", 30, T0 + 25 * HOUR));

  static final List<Transaction> CARD_B =
      List.of(
          txn("b1", "B", "m9", 20, T0, 0.0, 0.0),
          txn("b2", "B", "m9", 20, T0 + 30 * SECOND, 0.0, 1.0),
          txn("b3", "B", "m8", 0, T0 + 60 * SECOND),
          txn("b4", "B", "m7", 40, T0 + 90 * SECOND, 0.0, 2.0));

  /** Expected features by transaction id. */
  static Map<String, CardFeatures> expected() {
    Map<String, CardFeatures> e = new LinkedHashMap<>();
    // First transaction of the card: no prior at all.
    e.put("a1", features(100, 0, 0, 0, 1, 86400, 0, 0, 0));
    // No coordinates on a2: distance and speed are 0.
    e.put("a2", features(50, 1, 1, 100, 0.5, 1800, 0, 0, 1));
    // a1 is exactly 1 h before a3: outside the half-open 1 h window, inside 24 h.
    e.put("a3", features(200, 1, 2, 75, 200 / 75.0, 1800, ONE_DEGREE_KM, ONE_DEGREE_KM, 1));
    // a1 is exactly 24 h before a4: outside the 24 h window. Same place as a3: distance 0.
    e.put("a4", features(10, 0, 2, 125, 0.08, 82800, 0, 0, 0));
    // a5 and a6 tie in event time; a5 < a6 by id, so a5 precedes a6 and not the reverse.
    // a4 is exactly 1 h before both: in 24 h only. a3 exactly 24 h before: out.
    e.put("a5", features(30, 0, 1, 10, 3, 3600, 0, 0, 0));
    e.put("a6", features(60, 1, 2, 20, 3, 0, 0, 0, 1));
    e.put("b1", features(20, 0, 0, 0, 1, 86400, 0, 0, 0));
    // 30 s gap is floored at 60 s for the speed.
    e.put("b2", features(20, 1, 1, 20, 1, 30, ONE_DEGREE_KM, ONE_DEGREE_KM * 60, 1));
    // Amount 0 with average 20: ratio 0; no coordinates.
    e.put("b3", features(0, 2, 2, 20, 0, 30, 0, 0, 1));
    // Latest prior with coordinates is b2 (b3 has none): 1 degree in 60 s; merchants m9, m8.
    e.put(
        "b4",
        features(40, 3, 3, 40 / 3.0, 40 / (40 / 3.0), 30, ONE_DEGREE_KM, ONE_DEGREE_KM * 60, 2));
    return e;
  }

  private FeatureScenario() {}
}
