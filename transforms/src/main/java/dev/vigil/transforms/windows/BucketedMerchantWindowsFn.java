package dev.vigil.transforms.windows;

import dev.vigil.model.DecidedTransaction;
import dev.vigil.model.MerchantWindow;
import dev.vigil.model.Transaction;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;

/**
 * {@link MerchantWindows} in one state cell per merchant: activity per period-long bucket, each
 * sliding window the merge of its buckets, one event-time timer for the next on-time pane and one
 * to clear the state. The panes are those of the windowed layout: on time when the watermark
 * passes a window's end, then one accumulated late pane per late transaction within the allowed
 * lateness; a contribution to a window whose end plus the allowed lateness the input watermark has
 * passed is dropped and counted. Each pane is output at its window's last instant.
 */
final class BucketedMerchantWindowsFn extends DoFn<KV<String, DecidedTransaction>, MerchantWindow> {
  private final long size;
  private final long period;
  private final long lateness;
  private final Counter dropped = Metrics.counter("vigil.windows", "merchant_window_contributions_dropped_late");

  @StateId("buckets")
  private final StateSpec<ValueState<MerchantBuckets>> bucketsSpec = StateSpecs.value(MerchantBuckets.Coder.of());

  @TimerId("onTime")
  private final TimerSpec onTimeSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  @TimerId("clear")
  private final TimerSpec clearSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  BucketedMerchantWindowsFn(long size, long period, long lateness) {
    this.size = size;
    this.period = period;
    this.lateness = lateness;
  }

  @ProcessElement
  public void process(
      @Element KV<String, DecidedTransaction> element,
      @Timestamp Instant timestamp,
      @StateId("buckets") ValueState<MerchantBuckets> state,
      @TimerId("onTime") Timer onTime,
      @TimerId("clear") Timer clear,
      OutputReceiver<MerchantWindow> out) {
    // For an event-time timer, the current relative time is the input watermark.
    long watermark = onTime.getCurrentRelativeTime().getMillis();
    long t = timestamp.getMillis();
    long bucket = t - Math.floorMod(t, period);
    List<Long> lateEnds = new ArrayList<>();
    List<Long> onTimeEnds = new ArrayList<>();
    // The windows holding t end at bucket + period, ..., bucket + size.
    for (long end = bucket + period; end <= bucket + size; end += period) {
      long last = end - 1;
      if (last + lateness < watermark) {
        dropped.inc();
      } else if (last < watermark) {
        lateEnds.add(end);
      } else {
        onTimeEnds.add(end);
      }
    }
    if (lateEnds.isEmpty() && onTimeEnds.isEmpty()) {
      return;
    }
    MerchantBuckets held = state.read();
    MerchantBuckets next = held == null ? MerchantBuckets.empty() : held.copy();
    // Buckets whose every window has expired are no longer read.
    next.dropBucketsBefore(watermark - lateness - size + 1);
    Transaction txn = element.getValue().getTransaction();
    next.add(bucket, txn.getAmount(), txn.getEventTimeMillis(), element.getValue().getScore(),
        element.getValue().isAlert());
    next.pendingEnds.addAll(onTimeEnds);
    for (long end : lateEnds) {
      // A window still pending here passed the watermark before its timer fired: this is its first pane.
      String timing = next.pendingEnds.remove(end) ? "ON_TIME" : "LATE";
      out.outputWithTimestamp(
          merchantWindow(element.getKey(), end, next.window(end - size, end), timing), new Instant(end - 1));
    }
    state.write(next);
    // The timer stays at the first pending end; re-set it only when that end changes.
    Long firstHeld = held == null || held.pendingEnds.isEmpty() ? null : held.pendingEnds.first();
    if (!next.pendingEnds.isEmpty() && !next.pendingEnds.first().equals(firstHeld)) {
      onTime.set(new Instant(next.pendingEnds.first() - 1));
    }
    if (held == null || held.buckets.isEmpty() || bucket > held.buckets.lastKey()) {
      clear.set(new Instant(bucket + size - 1 + lateness));
    }
  }

  @OnTimer("onTime")
  public void onTime(
      @Key String merchant,
      @Timestamp Instant firing,
      @StateId("buckets") ValueState<MerchantBuckets> state,
      @TimerId("onTime") Timer onTime,
      OutputReceiver<MerchantWindow> out) {
    MerchantBuckets held = state.read();
    if (held == null || held.pendingEnds.isEmpty() || held.pendingEnds.first() - 1 > firing.getMillis()) {
      return;
    }
    MerchantBuckets next = held.copy();
    while (!next.pendingEnds.isEmpty() && next.pendingEnds.first() - 1 <= firing.getMillis()) {
      long end = next.pendingEnds.pollFirst();
      WindowStats stats = next.window(end - size, end);
      if (stats != null) {
        out.outputWithTimestamp(merchantWindow(merchant, end, stats, "ON_TIME"), firing);
      }
    }
    if (next.pendingEnds.isEmpty() && next.buckets.lastKey() + size - 1 + lateness <= firing.getMillis()) {
      state.clear(); // with no allowed lateness the clear timer may come first at the same instant
    } else {
      state.write(next);
    }
    if (!next.pendingEnds.isEmpty()) {
      onTime.set(new Instant(next.pendingEnds.first() - 1));
    }
  }

  @OnTimer("clear")
  public void clear(@Timestamp Instant firing, @StateId("buckets") ValueState<MerchantBuckets> state) {
    MerchantBuckets held = state.read();
    if (held != null && held.pendingEnds.isEmpty()
        && (held.buckets.isEmpty() || held.buckets.lastKey() + size - 1 + lateness <= firing.getMillis())) {
      state.clear();
    }
  }

  private MerchantWindow merchantWindow(String merchant, long end, WindowStats s, String timing) {
    return MerchantWindow.builder()
        .setMerchantId(merchant)
        .setWindowStartMillis(end - size)
        .setWindowEndMillis(end)
        .setTxnCount(s.count)
        .setAmountSum(s.amountSum)
        .setAvgScore(s.count == 0 ? 0 : s.scoreSum / s.count)
        .setAlertCount(s.alertCount)
        .setPaneTiming(timing)
        .build();
  }
}
