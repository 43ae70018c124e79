package dev.vigil.transforms.windows;

import dev.vigil.model.VersionedStateCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * One merchant's state in {@link MerchantWindows.Layout#BUCKETED}: activity per period-long bucket
 * (sorted by bucket start) and the ends of windows still waiting for their on-time pane (sorted).
 * Immutable: every change returns a new value sharing the unchanged {@link WindowStats}, so a held
 * value can be serialized by a snapshot while the next one is built. Sorted arrays, not trees: the
 * whole value is rebuilt on every transaction, and copying a few dozen longs is cheap.
 */
final class MerchantBuckets {
  private static final long[] NO_LONGS = {};
  private static final WindowStats[] NO_STATS = {};
  private static final MerchantBuckets EMPTY = new MerchantBuckets(NO_LONGS, NO_STATS, NO_LONGS);

  private final long[] starts;
  private final WindowStats[] stats;
  private final long[] pending;

  private MerchantBuckets(long[] starts, WindowStats[] stats, long[] pending) {
    this.starts = starts;
    this.stats = stats;
    this.pending = pending;
  }

  static MerchantBuckets empty() {
    return EMPTY;
  }

  boolean hasBuckets() {
    return starts.length > 0;
  }

  /** The start of the latest bucket; only when {@link #hasBuckets()}. */
  long lastBucketStart() {
    return starts[starts.length - 1];
  }

  boolean hasPending() {
    return pending.length > 0;
  }

  /** The earliest window end waiting for its on-time pane; only when {@link #hasPending()}. */
  long firstPending() {
    return pending[0];
  }

  boolean isPending(long end) {
    return Arrays.binarySearch(pending, end) >= 0;
  }

  /** With {@code activity} added to the bucket starting at {@code bucketStart}. */
  MerchantBuckets withActivity(long bucketStart, WindowStats activity) {
    int i = Arrays.binarySearch(starts, bucketStart);
    if (i >= 0) {
      WindowStats[] s = stats.clone();
      WindowStats merged = s[i].copy();
      merged.merge(activity);
      s[i] = merged;
      return new MerchantBuckets(starts, s, pending);
    }
    int at = -i - 1;
    long[] st = new long[starts.length + 1];
    WindowStats[] s = new WindowStats[stats.length + 1];
    System.arraycopy(starts, 0, st, 0, at);
    System.arraycopy(stats, 0, s, 0, at);
    st[at] = bucketStart;
    s[at] = activity.copy();
    System.arraycopy(starts, at, st, at + 1, starts.length - at);
    System.arraycopy(stats, at, s, at + 1, stats.length - at);
    return new MerchantBuckets(st, s, pending);
  }

  /** Without the buckets that start before {@code cutoff}. */
  MerchantBuckets withoutBucketsBefore(long cutoff) {
    int from = lowerBound(starts, cutoff);
    if (from == 0) {
      return this;
    }
    return new MerchantBuckets(
        Arrays.copyOfRange(starts, from, starts.length),
        Arrays.copyOfRange(stats, from, stats.length),
        pending);
  }

  /** With the window ends {@code ends} (ascending) waiting for their on-time pane. */
  MerchantBuckets withPending(long[] ends, int count) {
    if (count == 0) {
      return this;
    }
    long[] merged = new long[pending.length + count];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < pending.length || j < count) {
      long next =
          j >= count || (i < pending.length && pending[i] <= ends[j]) ? pending[i++] : ends[j++];
      if (n == 0 || merged[n - 1] != next) {
        merged[n++] = next;
      }
    }
    return new MerchantBuckets(
        starts, stats, n == merged.length ? merged : Arrays.copyOf(merged, n));
  }

  /** Without the pending window end {@code end}. */
  MerchantBuckets withoutPending(long end) {
    int i = Arrays.binarySearch(pending, end);
    if (i < 0) {
      return this;
    }
    long[] p = new long[pending.length - 1];
    System.arraycopy(pending, 0, p, 0, i);
    System.arraycopy(pending, i + 1, p, i, pending.length - i - 1);
    return new MerchantBuckets(starts, stats, p);
  }

  /** Without the pending window ends at or before {@code lastEnd}. */
  MerchantBuckets withoutPendingThrough(long lastEnd) {
    int from = lowerBound(pending, lastEnd + 1);
    return from == 0
        ? this
        : new MerchantBuckets(starts, stats, Arrays.copyOfRange(pending, from, pending.length));
  }

  /** The pending window ends at or before {@code lastEnd}, ascending. */
  long[] pendingThrough(long lastEnd) {
    return Arrays.copyOf(pending, lowerBound(pending, lastEnd + 1));
  }

  /** The window {@code [start, end)}: its buckets merged, or {@code null} when it holds nothing. */
  WindowStats window(long start, long end) {
    WindowStats merged = null;
    for (int i = lowerBound(starts, start); i < starts.length && starts[i] < end; i++) {
      if (merged == null) {
        merged = new WindowStats();
      }
      merged.merge(stats[i]);
    }
    return merged;
  }

  /** The first index whose value is at least {@code key}. */
  private static int lowerBound(long[] sorted, long key) {
    int i = Arrays.binarySearch(sorted, key);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && sorted[i - 1] == key) {
      i--;
    }
    return i;
  }

  /** Deterministic coder for {@link MerchantBuckets}. */
  static final class Coder extends AtomicCoder<MerchantBuckets> {
    private static final Coder INSTANCE = new Coder();

    static Coder of() {
      return INSTANCE;
    }

    /** Version of this encoding in state; bump it whenever the encoding changes. */
    static final int STATE_VERSION = 1;

    /** The coder of a merchant's window buckets in state: this one behind its format's version. */
    static VersionedStateCoder<MerchantBuckets> state() {
      return VersionedStateCoder.of("merchant windows", 'B', STATE_VERSION, INSTANCE);
    }

    @Override
    public void encode(MerchantBuckets b, OutputStream out) throws IOException {
      VarIntCoder.of().encode(b.starts.length, out);
      for (int i = 0; i < b.starts.length; i++) {
        VarLongCoder.of().encode(b.starts[i], out);
        WindowStats.Coder.of().encode(b.stats[i], out);
      }
      VarIntCoder.of().encode(b.pending.length, out);
      for (long end : b.pending) {
        VarLongCoder.of().encode(end, out);
      }
    }

    @Override
    public MerchantBuckets decode(InputStream in) throws IOException {
      int n = VarIntCoder.of().decode(in);
      long[] starts = new long[n];
      WindowStats[] stats = new WindowStats[n];
      for (int i = 0; i < n; i++) {
        starts[i] = VarLongCoder.of().decode(in);
        stats[i] = WindowStats.Coder.of().decode(in);
      }
      long[] pending = new long[VarIntCoder.of().decode(in)];
      for (int i = 0; i < pending.length; i++) {
        pending[i] = VarLongCoder.of().decode(in);
      }
      return new MerchantBuckets(starts, stats, pending);
    }

    @Override
    public void verifyDeterministic() {}
  }
}
