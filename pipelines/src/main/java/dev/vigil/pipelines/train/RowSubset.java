package dev.vigil.pipelines.train;

import java.util.Arrays;
import java.util.Random;

/**
 * Some rows of a {@link RowFile.Rows}, by physical index, in a deterministic order: the training
 * set or the holdout. Holds 4 bytes of heap per row; the rows stay in the mapped file.
 */
public final class RowSubset {
  final RowFile.Rows rows;
  final int[] index;

  RowSubset(RowFile.Rows rows, int[] index) {
    this.rows = rows;
    this.index = index;
  }

  public int size() {
    return index.length;
  }

  public long positives() {
    long p = 0;
    for (int i : index) {
      p += rows.label(i);
    }
    return p;
  }

  int label(int position) {
    return rows.label(index[position]);
  }

  /** Copies the features of the row at {@code position} into {@code dst} at {@code at}. */
  void features(int position, float[] dst, int at) {
    rows.features(index[position], dst, at);
  }

  /**
   * Splits every row into {@code [train, holdout]} by card, deterministically for a seed, so no
   * card's history straddles both.
   */
  public static RowSubset[] splitByCard(RowFile.Rows rows, double holdoutFraction, long seed) {
    int[] order = rows.deterministicOrder();
    int[] train = new int[order.length];
    int[] holdout = new int[order.length];
    int t = 0;
    int h = 0;
    for (int i : order) {
      if (inHoldout(rows.cardHash(i), holdoutFraction, seed)) {
        holdout[h++] = i;
      } else {
        train[t++] = i;
      }
    }
    return new RowSubset[] {
      new RowSubset(rows, Arrays.copyOf(train, t)), new RowSubset(rows, Arrays.copyOf(holdout, h))
    };
  }

  /**
   * These rows without those of the first {@code days} days of {@code rows}' time span: history
   * that serves the features of later rows (30-day profiles fill only after 30 days) but is not
   * trained or evaluated on.
   */
  public RowSubset afterWarmup(int days) {
    if (days <= 0 || rows.size() == 0) {
      return this;
    }
    long first = Long.MAX_VALUE;
    for (int i = 0; i < rows.size(); i++) {
      first = Math.min(first, rows.eventTimeMillis(i));
    }
    long from = first + days * 86_400_000L;
    int[] kept = new int[index.length];
    int k = 0;
    for (int i : index) {
      if (rows.eventTimeMillis(i) >= from) {
        kept[k++] = i;
      }
    }
    return new RowSubset(rows, Arrays.copyOf(kept, k));
  }

  /** Whether a card (by {@code card_id.hashCode()}) belongs to the holdout. */
  static boolean inHoldout(int cardHash, double holdoutFraction, long seed) {
    long x = (cardHash * 0x9E3779B97F4A7C15L) ^ seed;
    return Math.floorMod(x >>> 7, 10_000) < holdoutFraction * 10_000;
  }

  /**
   * Splits these rows by event time into {@code [earlier, later]}: the later part holds the rows of
   * the last {@code fraction} of the time span (a validation split that, like production, scores
   * what comes after what was learnt).
   */
  public RowSubset[] splitByTime(double fraction) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i : index) {
      long t = rows.eventTimeMillis(i);
      min = Math.min(min, t);
      max = Math.max(max, t);
    }
    long cutoff = max - (long) ((max - min) * fraction);
    int[] earlier = new int[index.length];
    int[] later = new int[index.length];
    int e = 0;
    int l = 0;
    for (int i : index) {
      if (rows.eventTimeMillis(i) >= cutoff) {
        later[l++] = i;
      } else {
        earlier[e++] = i;
      }
    }
    return new RowSubset[] {
      new RowSubset(rows, Arrays.copyOf(earlier, e)), new RowSubset(rows, Arrays.copyOf(later, l))
    };
  }

  /**
   * Median of each feature over the legitimate rows (the "typical" values used for reasons), exact
   * up to {@code sample} legitimate rows and over a seeded reservoir sample beyond.
   */
  public float[] legitimateMedians(int sample, long seed) {
    int n = rows.featureCount();
    float[] reservoir = new float[sample * n];
    Random random = new Random(seed);
    int seen = 0;
    for (int p = 0; p < size(); p++) {
      if (label(p) != 0) {
        continue;
      }
      int slot = seen < sample ? seen : random.nextInt(seen + 1);
      if (slot < sample) {
        features(p, reservoir, slot * n);
      }
      seen++;
    }
    int kept = Math.min(seen, sample);
    float[] medians = new float[n];
    float[] column = new float[kept];
    for (int c = 0; c < n; c++) {
      for (int i = 0; i < kept; i++) {
        column[i] = reservoir[i * n + c];
      }
      Arrays.sort(column);
      medians[c] = kept == 0 ? 0f : column[kept / 2];
    }
    return medians;
  }
}
