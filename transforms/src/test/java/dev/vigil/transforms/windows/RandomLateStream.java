package dev.vigil.transforms.windows;

import static dev.vigil.testing.Txns.MINUTE;
import static dev.vigil.testing.Txns.T0;
import static dev.vigil.testing.Txns.decided;
import static dev.vigil.testing.Txns.txn;

import dev.vigil.model.DecidedTransaction;
import dev.vigil.model.DecidedTransactionCoder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;

/**
 * A seeded random stream of decided transactions for comparing the summaries' layouts: 150
 * transactions over {@code spanMinutes} from T0 spread over {@code keys} cards (and as many
 * merchants, card {@code ci} buying at merchant {@code mi}); a quarter arrive up to {@code
 * maxLateMinutes} late, the rest within two minutes; the watermark follows arrivals a minute
 * behind, advancing at random. Amounts are whole and scores multiples of 1/16, so sums are exact.
 */
final class RandomLateStream {
  private RandomLateStream() {}

  static TestStream<DecidedTransaction> of(
      long seed, int keys, long spanMinutes, long maxLateMinutes) {
    SplittableRandom r = new SplittableRandom(seed);
    List<long[]> events = new ArrayList<>(); // {event time, arrival time, key, amount, score * 16}
    for (int i = 0; i < 150; i++) {
      long time = T0 + r.nextLong(spanMinutes * MINUTE);
      long delay = r.nextInt(4) == 0 ? r.nextLong(maxLateMinutes * MINUTE) : r.nextLong(2 * MINUTE);
      events.add(
          new long[] {time, time + delay, r.nextInt(keys), 1 + r.nextInt(100), r.nextInt(17)});
    }
    events.sort(Comparator.comparingLong(e -> e[1]));
    TestStream.Builder<DecidedTransaction> stream = TestStream.create(DecidedTransactionCoder.of());
    long watermark = Long.MIN_VALUE;
    for (int i = 0; i < events.size(); i++) {
      long[] e = events.get(i);
      stream =
          stream.addElements(
              TimestampedValue.of(
                  decided(txn("t" + i, "c" + e[2], "m" + e[2], e[3], e[0]), e[4] / 16.0),
                  new Instant(e[0])));
      long next = e[1] - MINUTE;
      if (r.nextInt(3) == 0 && next > watermark) {
        watermark = next;
        stream = stream.advanceWatermarkTo(new Instant(watermark));
      }
    }
    return stream.advanceWatermarkToInfinity();
  }
}
