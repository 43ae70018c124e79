package dev.vigil.transforms.features;

import dev.vigil.model.CardFeatures;
import dev.vigil.model.Transaction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The recent transactions of one card, ordered by {@code (event_time, transaction_id)}, and the
 * feature arithmetic of docs/architecture.md over them. Both paths of {@link TrailingCardFeatures}
 * (sorted batch sweep and streaming state) use this class, so they compute features identically.
 *
 * <p>Not thread-safe; one instance per card.
 */
public final class CardHistory {
  public static final long HOUR_MS = 3_600_000L;
  public static final long DAY_MS = 24 * HOUR_MS;
  static final double NO_PRIOR_SECONDS = 86_400.0;
  static final long MIN_SPEED_GAP_MS = 60_000L;

  /** One earlier transaction, reduced to what the features need. */
  static final class Prior {
    final long timeMillis;
    final String transactionId;
    final double amount;
    final String merchantId;
    final double lat;
    final double lon;
    final boolean hasCoordinates;

    Prior(
        long timeMillis,
        String transactionId,
        double amount,
        String merchantId,
        boolean hasCoordinates,
        double lat,
        double lon) {
      this.timeMillis = timeMillis;
      this.transactionId = transactionId;
      this.amount = amount;
      this.merchantId = merchantId;
      this.hasCoordinates = hasCoordinates;
      this.lat = lat;
      this.lon = lon;
    }

    static Prior of(Transaction t) {
      boolean geo = t.hasCoordinates();
      return new Prior(
          t.getEventTimeMillis(),
          t.getTransactionId(),
          t.getAmount(),
          t.getMerchantId(),
          geo,
          geo ? t.getLat() : 0.0,
          geo ? t.getLon() : 0.0);
    }

    /** Order by event time, then transaction id. */
    int compareTo(long otherTime, String otherId) {
      int byTime = Long.compare(timeMillis, otherTime);
      return byTime != 0 ? byTime : transactionId.compareTo(otherId);
    }
  }

  private final ArrayList<Prior> priors;

  public CardHistory() {
    this.priors = new ArrayList<>();
  }

  CardHistory(List<Prior> priors) {
    this.priors = new ArrayList<>(priors);
  }

  List<Prior> priors() {
    return priors;
  }

  /**
   * A copy to update: a value read from runner state is never changed in place, since with object
   * reuse ({@code --fasterCopy}) the runner's state and an in-flight snapshot may share it.
   */
  public CardHistory copy() {
    return new CardHistory(priors);
  }

  public int size() {
    return priors.size();
  }

  public boolean isEmpty() {
    return priors.isEmpty();
  }

  /** Event time of the newest transaction held; only valid when not empty. */
  public long newestMillis() {
    return priors.get(priors.size() - 1).timeMillis;
  }

  /** True when a transaction with this id is already held. */
  public boolean contains(String transactionId) {
    for (int i = priors.size() - 1; i >= 0; i--) {
      if (priors.get(i).transactionId.equals(transactionId)) {
        return true;
      }
    }
    return false;
  }

  /** True when a held transaction comes after {@code txn} in (event time, id) order. */
  public boolean hasLaterThan(Transaction txn) {
    return !priors.isEmpty()
        && priors.get(priors.size() - 1).compareTo(txn.getEventTimeMillis(), txn.getTransactionId())
            > 0;
  }

  /**
   * The features of {@code txn} from the held transactions that precede it in (event time, id)
   * order. Held transactions that come after it (out-of-order arrival) are ignored.
   */
  public CardFeatures featuresFor(Transaction txn) {
    long t = txn.getEventTimeMillis();
    String id = txn.getTransactionId();
    int count1h = 0;
    int count24h = 0;
    double sum24h = 0;
    long latestMillis = Long.MIN_VALUE;
    Prior latestWithCoordinates = null;
    Set<String> merchants1h = null;
    for (int i = priors.size() - 1; i >= 0; i--) {
      Prior p = priors.get(i);
      if (p.compareTo(t, id) >= 0) {
        continue; // not a predecessor
      }
      if (p.timeMillis <= t - DAY_MS) {
        break; // sorted: everything earlier is outside the 24 h window too
      }
      count24h++;
      sum24h += p.amount;
      if (latestMillis == Long.MIN_VALUE) {
        latestMillis = p.timeMillis;
      }
      if (latestWithCoordinates == null && p.hasCoordinates) {
        latestWithCoordinates = p;
      }
      if (p.timeMillis > t - HOUR_MS) {
        count1h++;
        if (merchants1h == null) {
          merchants1h = new HashSet<>();
        }
        merchants1h.add(p.merchantId);
      }
    }
    double amount = txn.getAmount();
    double avg24h = count24h == 0 ? 0.0 : sum24h / count24h;
    double ratio24h = (count24h == 0 || avg24h == 0.0) ? 1.0 : amount / avg24h;
    double secondsSinceLast = count24h == 0 ? NO_PRIOR_SECONDS : (t - latestMillis) / 1000.0;
    double distanceKm = 0.0;
    double speedKmh = 0.0;
    if (txn.hasCoordinates() && latestWithCoordinates != null) {
      distanceKm =
          Haversine.km(
              latestWithCoordinates.lat, latestWithCoordinates.lon, txn.getLat(), txn.getLon());
      if (distanceKm != 0.0) {
        long gapMs = Math.max(t - latestWithCoordinates.timeMillis, MIN_SPEED_GAP_MS);
        speedKmh = distanceKm / (gapMs / (double) HOUR_MS);
      }
    }
    return CardFeatures.builder()
        .setAmount(amount)
        .setCount1h(count1h)
        .setCount24h(count24h)
        .setAmountAvg24h(avg24h)
        .setAmountRatio24h(ratio24h)
        .setSecondsSinceLast(secondsSinceLast)
        .setDistanceKmFromLast(distanceKm)
        .setSpeedKmhFromLast(speedKmh)
        .setDistinctMerchants1h(merchants1h == null ? 0 : merchants1h.size())
        .build();
  }

  /** Adds {@code txn} at its place in (event time, id) order. */
  public void add(Transaction txn) {
    Prior prior = Prior.of(txn);
    int i = priors.size();
    while (i > 0 && priors.get(i - 1).compareTo(prior.timeMillis, prior.transactionId) > 0) {
      i--;
    }
    priors.add(i, prior);
  }

  /**
   * Drops every transaction that can no longer be in the 24 h window of a transaction at or after
   * the newest one held: those with event time {@code <= newest - 24 h}.
   */
  public void evictExpired() {
    if (priors.isEmpty()) {
      return;
    }
    long cutoff = newestMillis() - DAY_MS;
    int keepFrom = 0;
    while (keepFrom < priors.size() && priors.get(keepFrom).timeMillis <= cutoff) {
      keepFrom++;
    }
    if (keepFrom > 0) {
      priors.subList(0, keepFrom).clear();
    }
  }
}
