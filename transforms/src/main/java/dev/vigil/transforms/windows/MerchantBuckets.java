package dev.vigil.transforms.windows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * One merchant's state in {@link MerchantWindows.Layout#BUCKETED}: activity per period-long bucket
 * (keyed by bucket start) and the ends of windows still waiting for their on-time pane. A held
 * value is never changed: {@link #copy()} first (the buckets' {@link WindowStats} are replaced,
 * not changed, so the copy may share them).
 */
final class MerchantBuckets {
  final TreeMap<Long, WindowStats> buckets;
  final TreeSet<Long> pendingEnds;

  private MerchantBuckets(TreeMap<Long, WindowStats> buckets, TreeSet<Long> pendingEnds) {
    this.buckets = buckets;
    this.pendingEnds = pendingEnds;
  }

  static MerchantBuckets empty() {
    return new MerchantBuckets(new TreeMap<>(), new TreeSet<>());
  }

  MerchantBuckets copy() {
    return new MerchantBuckets(new TreeMap<>(buckets), new TreeSet<>(pendingEnds));
  }

  void add(long bucketStart, double amount, long eventMillis, double score, boolean alert) {
    WindowStats held = buckets.get(bucketStart);
    WindowStats next = held == null ? new WindowStats() : held.copy();
    next.add(amount, eventMillis, score, alert);
    buckets.put(bucketStart, next);
  }

  /** The window {@code [start, end)}: its buckets merged, or {@code null} when it holds nothing. */
  WindowStats window(long start, long end) {
    WindowStats merged = null;
    for (WindowStats s : buckets.subMap(start, end).values()) {
      if (merged == null) {
        merged = new WindowStats();
      }
      merged.merge(s);
    }
    return merged;
  }

  /** Drops the buckets that start before {@code cutoff}. */
  void dropBucketsBefore(long cutoff) {
    buckets.headMap(cutoff).clear();
  }

  /** Deterministic coder for {@link MerchantBuckets}. */
  static final class Coder extends AtomicCoder<MerchantBuckets> {
    private static final Coder INSTANCE = new Coder();

    static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(MerchantBuckets b, OutputStream out) throws IOException {
      VarIntCoder.of().encode(b.buckets.size(), out);
      for (Map.Entry<Long, WindowStats> e : b.buckets.entrySet()) {
        VarLongCoder.of().encode(e.getKey(), out);
        WindowStats.Coder.of().encode(e.getValue(), out);
      }
      VarIntCoder.of().encode(b.pendingEnds.size(), out);
      for (long end : b.pendingEnds) {
        VarLongCoder.of().encode(end, out);
      }
    }

    @Override
    public MerchantBuckets decode(InputStream in) throws IOException {
      MerchantBuckets b = empty();
      for (int n = VarIntCoder.of().decode(in); n > 0; n--) {
        b.buckets.put(VarLongCoder.of().decode(in), WindowStats.Coder.of().decode(in));
      }
      for (int n = VarIntCoder.of().decode(in); n > 0; n--) {
        b.pendingEnds.add(VarLongCoder.of().decode(in));
      }
      return b;
    }

    @Override
    public void verifyDeterministic() {}
  }
}
