package dev.vigil.transforms.features;

import dev.vigil.model.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * A card's 30-day profile for the {@code v2} features: one bucket per UTC day with transactions
 * (count, amount sum and maximum, and the located transactions' count and unit-vector sum, for the
 * centroid), plus the newest transaction with coordinates. At most 31 buckets are held (the 30 days
 * before the newest transaction's day, and that day), so the state is bounded whatever the card's
 * volume: about 60 bytes a day encoded.
 *
 * <p>The windows are whole UTC days before the scored transaction's day: the 7-day profile of a
 * transaction on day {@code D} covers days {@code D-7 .. D-1}. Transactions earlier on day {@code
 * D} are not in it (the trailing 1 h and 24 h features of v1 see them), so a day's features do not
 * depend on the order its transactions arrive in.
 *
 * <p>Not thread-safe; one instance per card, updated as a copy (see {@link CardHistory#copy()}),
 * which shares the unchanged days.
 */
final class CardProfile {
  static final int DAYS = 30;
  static final long DAY_MS = CardHistory.DAY_MS;

  /** One UTC day of a card's transactions. */
  static final class Day {
    final long day;
    int count;
    double sum;
    double max;
    int located;
    double x;
    double y;
    double z;

    Day(long day) {
      this.day = day;
    }

    Day(Day d) {
      this(d.day);
      count = d.count;
      sum = d.sum;
      max = d.max;
      located = d.located;
      x = d.x;
      y = d.y;
      z = d.z;
    }
  }

  /** Days in increasing order. */
  final List<Day> days;

  /**
   * The newest transaction with coordinates, by (event time, id); {@code lastLocatedId} null if
   * none.
   */
  long lastLocatedMillis;

  String lastLocatedId;
  double lastLat;
  double lastLon;

  CardProfile() {
    this.days = new ArrayList<>();
  }

  /**
   * A copy to update. It shares the {@link Day}s, which are never changed once in a list: {@link
   * #add} replaces the day it counts into, so a copy costs one list, not one object a day.
   */
  CardProfile copy() {
    CardProfile c = new CardProfile();
    c.days.addAll(days);
    c.lastLocatedMillis = lastLocatedMillis;
    c.lastLocatedId = lastLocatedId;
    c.lastLat = lastLat;
    c.lastLon = lastLon;
    return c;
  }

  static long dayOf(long millis) {
    return Math.floorDiv(millis, DAY_MS);
  }

  void add(Transaction t) {
    long day = dayOf(t.getEventTimeMillis());
    int i = days.size();
    while (i > 0 && days.get(i - 1).day > day) {
      i--;
    }
    Day d;
    if (i > 0 && days.get(i - 1).day == day) {
      d = new Day(days.get(i - 1)); // a copy may share the held day: never change it in place
      days.set(i - 1, d);
    } else {
      d = new Day(day);
      days.add(i, d);
    }
    d.max = d.count == 0 ? t.getAmount() : Math.max(d.max, t.getAmount());
    d.count++;
    d.sum += t.getAmount();
    if (t.hasCoordinates()) {
      double phi = Math.toRadians(t.getLat());
      double lambda = Math.toRadians(t.getLon());
      d.located++;
      d.x += Math.cos(phi) * Math.cos(lambda);
      d.y += Math.cos(phi) * Math.sin(lambda);
      d.z += Math.sin(phi);
      boolean newer =
          lastLocatedId == null
              || t.getEventTimeMillis() > lastLocatedMillis
              || (t.getEventTimeMillis() == lastLocatedMillis
                  && t.getTransactionId().compareTo(lastLocatedId) > 0);
      if (newer) {
        lastLocatedMillis = t.getEventTimeMillis();
        lastLocatedId = t.getTransactionId();
        lastLat = t.getLat();
        lastLon = t.getLon();
      }
    }
  }

  /** Drops the days no transaction at or after {@code newestMillis} can still see. */
  void evictBefore(long newestMillis) {
    long first = dayOf(newestMillis) - DAYS;
    int drop = 0;
    while (drop < days.size() && days.get(drop).day < first) {
      drop++;
    }
    if (drop > 0) {
      days.subList(0, drop).clear();
    }
  }

  /** Sums over the days {@code day - n .. day - 1}. */
  Window window(long day, int n) {
    Window w = new Window();
    for (Day d : days) {
      if (d.day >= day) {
        break;
      }
      if (d.day < day - n) {
        continue;
      }
      w.max = w.count == 0 ? d.max : Math.max(w.max, d.max);
      w.count += d.count;
      w.sum += d.sum;
      w.located += d.located;
      w.x += d.x;
      w.y += d.y;
      w.z += d.z;
    }
    return w;
  }

  /** A window's totals. */
  static final class Window {
    int count;
    double sum;
    double max;
    int located;
    double x;
    double y;
    double z;

    double mean() {
      return count == 0 ? 0.0 : sum / count;
    }

    /**
     * Distance in km from the window's located transactions' centroid (their mean unit vector,
     * projected back onto the sphere) to {@code (lat, lon)}; 0 when none was located.
     */
    double kmFromCentroid(double lat, double lon) {
      double norm = Math.sqrt(x * x + y * y + z * z);
      if (located == 0 || norm == 0.0) {
        return 0.0;
      }
      double cLat = Math.toDegrees(Math.asin(Math.max(-1.0, Math.min(1.0, z / norm))));
      double cLon = Math.toDegrees(Math.atan2(y, x));
      return Haversine.km(cLat, cLon, lat, lon);
    }
  }
}
