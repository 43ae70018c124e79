package dev.vigil.transforms.features;

import dev.vigil.model.CardFeatures;
import dev.vigil.model.FeatureSet;
import dev.vigil.model.ProfileFeatures;
import dev.vigil.model.Transaction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The recent transactions of one card, ordered by {@code (event_time, transaction_id)}, and the
 * feature arithmetic of docs/features.md over them: the last 24 hours for v1, plus a 30-day {@link
 * CardProfile} for v2. Both paths of {@link TrailingCardFeatures} (sorted batch sweep and streaming
 * state) use this class, so they compute features identically.
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

  /** The 30-day profile for the v2 features; null when only v1 is computed. */
  private final CardProfile profile;

  /** A v1 history: the last 24 hours. */
  public CardHistory() {
    this(FeatureSet.V1);
  }

  /** A history for {@code set}: v2 also keeps the card's 30-day profile. */
  public CardHistory(FeatureSet set) {
    this(List.of(), set == FeatureSet.V1 ? null : new CardProfile());
  }

  CardHistory(List<Prior> priors, CardProfile profile) {
    this.priors = new ArrayList<>(priors);
    this.profile = profile;
  }

  List<Prior> priors() {
    return priors;
  }

  CardProfile profile() {
    return profile;
  }

  /** True when this history keeps the 30-day profile of the v2 features. */
  public boolean hasProfile() {
    return profile != null;
  }

  /**
   * A copy to update: a value read from runner state is never changed in place, since with object
   * reuse ({@code --fasterCopy}) the runner's state and an in-flight snapshot may share it.
   */
  public CardHistory copy() {
    return new CardHistory(priors, profile == null ? null : profile.copy());
  }

  /**
   * How long after its newest transaction a silent card's state is still needed: 24 hours for v1,
   * 31 days for v2 (its 30-day profile).
   */
  public long retentionMillis() {
    return profile == null ? DAY_MS : (CardProfile.DAYS + 1) * DAY_MS;
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

  /**
   * The card part of the v2 features of {@code txn} ({@link ProfileFeatures#CARD_NAMES} order),
   * from the whole UTC days before its day and the card's last located transaction before it.
   *
   * @throws IllegalStateException for a v1 history
   */
  public double[] profileFor(Transaction txn) {
    if (profile == null) {
      throw new IllegalStateException("a v1 card history keeps no 30-day profile");
    }
    long t = txn.getEventTimeMillis();
    long day = CardProfile.dayOf(t);
    CardProfile.Window week = profile.window(day, 7);
    CardProfile.Window month = profile.window(day, CardProfile.DAYS);
    double amount = txn.getAmount();
    double mean30 = month.mean();
    double km = 0.0;
    double speed = 0.0;
    double kmFromCentroid = 0.0;
    if (txn.hasCoordinates()) {
      kmFromCentroid = month.kmFromCentroid(txn.getLat(), txn.getLon());
      long lastMillis = Long.MIN_VALUE;
      double lastLat = 0;
      double lastLon = 0;
      for (int i = priors.size() - 1; i >= 0 && lastMillis == Long.MIN_VALUE; i--) {
        Prior p = priors.get(i);
        if (p.hasCoordinates && p.compareTo(t, txn.getTransactionId()) < 0) {
          lastMillis = p.timeMillis;
          lastLat = p.lat;
          lastLon = p.lon;
        }
      }
      boolean profileLastIsEarlier =
          profile.lastLocatedId != null
              && (profile.lastLocatedMillis < t
                  || (profile.lastLocatedMillis == t
                      && profile.lastLocatedId.compareTo(txn.getTransactionId()) < 0));
      if (lastMillis == Long.MIN_VALUE && profileLastIsEarlier) {
        lastMillis = profile.lastLocatedMillis;
        lastLat = profile.lastLat;
        lastLon = profile.lastLon;
      }
      if (lastMillis != Long.MIN_VALUE && lastMillis > t - CardProfile.DAYS * DAY_MS) {
        km = Haversine.km(lastLat, lastLon, txn.getLat(), txn.getLon());
        if (km != 0.0) {
          speed = km / (Math.max(t - lastMillis, MIN_SPEED_GAP_MS) / (double) HOUR_MS);
        }
      }
    }
    long dayOfWeek = Math.floorMod(day + 3, 7); // 1970-01-01 was a Thursday; 0 is Monday
    return new double[] {
      week.count,
      week.mean(),
      month.count,
      mean30,
      month.count == 0 || mean30 == 0.0 ? 1.0 : amount / mean30,
      month.count == 0 ? 0.0 : month.max,
      km,
      speed,
      kmFromCentroid,
      Math.floorMod(t, DAY_MS) / HOUR_MS,
      dayOfWeek >= 5 ? 1.0 : 0.0
    };
  }

  /** Adds {@code txn} at its place in (event time, id) order. */
  public void add(Transaction txn) {
    if (profile != null) {
      profile.add(txn);
    }
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
    if (profile != null) {
      profile.evictBefore(newestMillis());
    }
  }
}
