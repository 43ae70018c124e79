package dev.vigil.testing;

import dev.vigil.model.CardFeatures;
import dev.vigil.model.DecidedTransaction;
import dev.vigil.model.Decision;
import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.ScoredTransaction;
import dev.vigil.model.Transaction;
import java.time.Instant;
import java.util.List;

/** Compact fixtures for tests: transactions at a base instant plus an offset. */
public final class Txns {
  /** 2026-11-24T10:00:00Z. */
  public static final long T0 = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli();

  public static final long SECOND = 1_000L;
  public static final long MINUTE = 60 * SECOND;
  public static final long HOUR = 60 * MINUTE;

  private Txns() {}

  public static Transaction txn(String id, String card, String merchant, double amount, long time) {
    return Transaction.builder()
        .setTransactionId(id)
        .setCardId(card)
        .setMerchantId(merchant)
        .setAmount(amount)
        .setEventTimeMillis(time)
        .build();
  }

  public static Transaction txn(
      String id, String card, String merchant, double amount, long time, double lat, double lon) {
    return txn(id, card, merchant, amount, time).toBuilder().setLat(lat).setLon(lon).build();
  }

  /** A featured transaction with all-zero features, for window tests that ignore features. */
  public static FeaturedTransaction featured(Transaction t) {
    return FeaturedTransaction.of(t, zeroFeatures(t.getAmount()), false);
  }

  /** A decided transaction with all-zero features: REVIEW from 0.5, BLOCK from 0.9. */
  public static DecidedTransaction decided(Transaction t, double score) {
    Decision d = score >= 0.9 ? Decision.BLOCK : score >= 0.5 ? Decision.REVIEW : Decision.APPROVE;
    return DecidedTransaction.of(ScoredTransaction.of(featured(t), score, 1, List.of()), d);
  }

  public static CardFeatures zeroFeatures(double amount) {
    return features(amount, 0, 0, 0, 1, 86400, 0, 0, 0);
  }

  public static CardFeatures features(
      double amount,
      int count1h,
      int count24h,
      double avg24h,
      double ratio24h,
      double secondsSinceLast,
      double distanceKm,
      double speedKmh,
      int distinctMerchants1h) {
    return CardFeatures.builder()
        .setAmount(amount)
        .setCount1h(count1h)
        .setCount24h(count24h)
        .setAmountAvg24h(avg24h)
        .setAmountRatio24h(ratio24h)
        .setSecondsSinceLast(secondsSinceLast)
        .setDistanceKmFromLast(distanceKm)
        .setSpeedKmhFromLast(speedKmh)
        .setDistinctMerchants1h(distinctMerchants1h)
        .build();
  }
}
