package dev.vigil.transforms.features;

import dev.vigil.model.Label;
import dev.vigil.model.ProfileFeatures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A merchant's last 30 days for the merchant part of the v2 features ({@link
 * ProfileFeatures#MERCHANT_NAMES}): its transaction count per UTC day, and the labels of its
 * transactions that became known, each with when it became known.
 *
 * <p>Every window covers whole UTC days before the scored transaction's day {@code D}: the 7-day
 * count covers days {@code D-7 .. D-1}. A label counts on the day its {@code labelled_at} falls on,
 * and only once known: for each transaction, the newest of its labels known before day {@code D} is
 * the one that counts, in the window of the day it became known. So {@code merchant_risk_7d} is the
 * fraud share of the merchant's transactions whose (latest) label became known in the 7 days
 * before, which with a fixed feedback delay is the book's delayed terminal risk. Days before {@code
 * newest - 30} are dropped, so the state is bounded by the merchant's labels per 30 days (about 30
 * bytes each) plus at most 31 day counts.
 *
 * <p>Not thread-safe; updated as a copy.
 */
final class MerchantProfile {
  static final int DAYS = CardProfile.DAYS;

  /** One label as held: which transaction, when it became known, what it says. */
  record Known(String transactionId, long labelledAtMillis, boolean fraud) {}

  /** Days in increasing order, each with its transaction count. */
  final List<long[]> dayCounts; // {day, count}

  final List<Known> labels;

  /** The newest event time (transaction) or labelled_at (label) seen. */
  long newestMillis = Long.MIN_VALUE;

  MerchantProfile() {
    this(new ArrayList<>(), new ArrayList<>(), Long.MIN_VALUE);
  }

  MerchantProfile(List<long[]> dayCounts, List<Known> labels, long newestMillis) {
    this.dayCounts = dayCounts;
    this.labels = labels;
    this.newestMillis = newestMillis;
  }

  /**
   * A copy to update. It shares the day counts, which are never changed once in the list ({@link
   * #addTransaction} replaces the day it counts into), and the labels, which are immutable.
   */
  MerchantProfile copy() {
    return new MerchantProfile(new ArrayList<>(dayCounts), new ArrayList<>(labels), newestMillis);
  }

  boolean isEmpty() {
    return dayCounts.isEmpty() && labels.isEmpty();
  }

  /** The merchant features of a transaction at {@code eventTimeMillis}, in MERCHANT_NAMES order. */
  double[] featuresAt(long eventTimeMillis) {
    long day = CardProfile.dayOf(eventTimeMillis);
    long dayStart = day * CardProfile.DAY_MS;
    long c1 = 0;
    long c7 = 0;
    long c30 = 0;
    for (long[] d : dayCounts) {
      if (d[0] >= day) {
        break;
      }
      long age = day - d[0];
      c30 += age <= DAYS ? d[1] : 0;
      c7 += age <= 7 ? d[1] : 0;
      c1 += age <= 1 ? d[1] : 0;
    }
    // The newest label of each transaction known before the day starts.
    Map<String, Known> latest = new HashMap<>();
    for (Known k : labels) {
      if (k.labelledAtMillis() < dayStart) {
        latest.merge(
            k.transactionId(), k, (a, b) -> b.labelledAtMillis() > a.labelledAtMillis() ? b : a);
      }
    }
    long[] labelled = new long[3];
    long[] frauds = new long[3];
    int[] spans = {1, 7, DAYS};
    for (Known k : latest.values()) {
      long age = day - CardProfile.dayOf(k.labelledAtMillis());
      for (int w = 0; w < spans.length; w++) {
        if (age <= spans[w]) {
          labelled[w]++;
          frauds[w] += k.fraud() ? 1 : 0;
        }
      }
    }
    return new double[] {
      c1,
      c7,
      c30,
      share(frauds[0], labelled[0]),
      share(frauds[1], labelled[1]),
      share(frauds[2], labelled[2]),
      labelled[2]
    };
  }

  private static double share(long frauds, long labelled) {
    return labelled == 0 ? 0.0 : frauds / (double) labelled;
  }

  void addTransaction(long eventTimeMillis) {
    long day = CardProfile.dayOf(eventTimeMillis);
    int i = dayCounts.size();
    while (i > 0 && dayCounts.get(i - 1)[0] > day) {
      i--;
    }
    if (i > 0 && dayCounts.get(i - 1)[0] == day) {
      // A copy may share the held count: replace it, never change it in place.
      dayCounts.set(i - 1, new long[] {day, dayCounts.get(i - 1)[1] + 1});
    } else {
      dayCounts.add(i, new long[] {day, 1});
    }
    seen(eventTimeMillis);
  }

  /**
   * Adds a label; a second copy of the same label (same transaction, time and value) is ignored.
   */
  void addLabel(Label label) {
    Known k = new Known(label.getTransactionId(), label.getLabelledAtMillis(), label.isFraud());
    if (!labels.contains(k)) {
      labels.add(k);
    }
    seen(label.getLabelledAtMillis());
  }

  private void seen(long millis) {
    newestMillis = Math.max(newestMillis, millis);
    long first = CardProfile.dayOf(newestMillis) - DAYS;
    dayCounts.removeIf(d -> d[0] < first);
    labels.removeIf(k -> CardProfile.dayOf(k.labelledAtMillis()) < first);
  }
}
