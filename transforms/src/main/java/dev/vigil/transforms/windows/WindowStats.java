package dev.vigil.transforms.windows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * Activity over a stretch of event time: counts, sums, scores and the event-time span. Both the
 * windowed aggregates' accumulator and, for one transaction ({@link #of}), the element they
 * shuffle, so a summary's keyed shuffle carries these few numbers, not the whole scored record.
 * Mutable only while being built: a value held in state or sent downstream is never changed.
 */
final class WindowStats {
  long count;
  double amountSum;
  double scoreSum;
  long alertCount;
  double maxScore;
  long firstMillis = Long.MAX_VALUE;
  long lastMillis = Long.MIN_VALUE;

  /** One transaction's activity. */
  static WindowStats of(double amount, long eventMillis, double score, boolean alert) {
    WindowStats s = new WindowStats();
    s.add(amount, eventMillis, score, alert);
    return s;
  }

  void add(double amount, long eventMillis, double score, boolean alert) {
    count++;
    amountSum += amount;
    scoreSum += score;
    alertCount += alert ? 1 : 0;
    maxScore = Math.max(maxScore, score);
    firstMillis = Math.min(firstMillis, eventMillis);
    lastMillis = Math.max(lastMillis, eventMillis);
  }

  WindowStats copy() {
    WindowStats c = new WindowStats();
    c.merge(this);
    return c;
  }

  void merge(WindowStats other) {
    count += other.count;
    amountSum += other.amountSum;
    scoreSum += other.scoreSum;
    alertCount += other.alertCount;
    maxScore = Math.max(maxScore, other.maxScore);
    firstMillis = Math.min(firstMillis, other.firstMillis);
    lastMillis = Math.max(lastMillis, other.lastMillis);
  }

  /** Deterministic coder for {@link WindowStats}. */
  static final class Coder extends AtomicCoder<WindowStats> {
    private static final Coder INSTANCE = new Coder();

    static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(WindowStats s, OutputStream out) throws IOException {
      VarLongCoder.of().encode(s.count, out);
      DoubleCoder.of().encode(s.amountSum, out);
      DoubleCoder.of().encode(s.scoreSum, out);
      VarLongCoder.of().encode(s.alertCount, out);
      DoubleCoder.of().encode(s.maxScore, out);
      VarLongCoder.of().encode(s.firstMillis, out);
      VarLongCoder.of().encode(s.lastMillis, out);
    }

    @Override
    public WindowStats decode(InputStream in) throws IOException {
      WindowStats s = new WindowStats();
      s.count = VarLongCoder.of().decode(in);
      s.amountSum = DoubleCoder.of().decode(in);
      s.scoreSum = DoubleCoder.of().decode(in);
      s.alertCount = VarLongCoder.of().decode(in);
      s.maxScore = DoubleCoder.of().decode(in);
      s.firstMillis = VarLongCoder.of().decode(in);
      s.lastMillis = VarLongCoder.of().decode(in);
      return s;
    }

    @Override
    public void verifyDeterministic() {}
  }
}
