package dev.vigil.transforms.windows;

import dev.vigil.model.MerchantWindow;
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
 * to clear the state. The panes are those of the windowed layout: on time when the watermark passes
 * a window's end, then one accumulated late pane per late transaction within the allowed lateness;
 * a contribution to a window whose end plus the allowed lateness the input watermark has passed is
 * dropped and counted. Each pane is output at its window's last instant.
 */
final class BucketedMerchantWindowsFn extends DoFn<KV<String, WindowStats>, MerchantWindow> {
  private final long size;
  private final long period;
  private final long lateness;
  private final Counter dropped =
      Metrics.counter("vigil.windows", "merchant_window_contributions_dropped_late");

  @StateId("buckets")
  private final StateSpec<ValueState<MerchantBuckets>> bucketsSpec =
      StateSpecs.value(MerchantBuckets.Coder.state());

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
      @Element KV<String, WindowStats> element,
      @Timestamp Instant timestamp,
      @StateId("buckets") ValueState<MerchantBuckets> state,
      @TimerId("onTime") Timer onTime,
      @TimerId("clear") Timer clear,
      OutputReceiver<MerchantWindow> out) {
    // For an event-time timer, the current relative time is the input watermark.
    long watermark = onTime.getCurrentRelativeTime().getMillis();
    long t = timestamp.getMillis();
    long bucket = t - Math.floorMod(t, period);
    int windows = (int) (size / period);
    long[] lateEnds = new long[windows];
    long[] onTimeEnds = new long[windows];
    int late = 0;
    int onTimeCount = 0;
    // The windows holding t end at bucket + period, ..., bucket + size.
    for (long end = bucket + period; end <= bucket + size; end += period) {
      long last = end - 1;
      if (last + lateness < watermark) {
        dropped.inc();
      } else if (last < watermark) {
        lateEnds[late++] = end;
      } else {
        onTimeEnds[onTimeCount++] = end;
      }
    }
    if (late == 0 && onTimeCount == 0) {
      return;
    }
    MerchantBuckets held = state.read();
    MerchantBuckets next =
        (held == null ? MerchantBuckets.empty() : held)
            // Buckets whose every window has expired are no longer read.
            .withoutBucketsBefore(watermark - lateness - size + 1)
            .withActivity(bucket, element.getValue())
            .withPending(onTimeEnds, onTimeCount);
    for (int i = 0; i < late; i++) {
      long end = lateEnds[i];
      // A window still pending here passed the watermark before its timer fired: this is its first
      // pane.
      String timing = next.isPending(end) ? "ON_TIME" : "LATE";
      next = next.withoutPending(end);
      out.outputWithTimestamp(
          merchantWindow(element.getKey(), end, next.window(end - size, end), timing),
          new Instant(end - 1));
    }
    state.write(next);
    // The timer stays at the first pending end; re-set it only when that end changes.
    boolean heldPending = held != null && held.hasPending();
    if (next.hasPending() && (!heldPending || next.firstPending() != held.firstPending())) {
      onTime.set(new Instant(next.firstPending() - 1));
    }
    if (held == null || !held.hasBuckets() || bucket > held.lastBucketStart()) {
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
    long now = firing.getMillis();
    if (held == null || !held.hasPending() || held.firstPending() - 1 > now) {
      return;
    }
    for (long end : held.pendingThrough(now + 1)) {
      WindowStats stats = held.window(end - size, end);
      if (stats != null) {
        out.outputWithTimestamp(merchantWindow(merchant, end, stats, "ON_TIME"), firing);
      }
    }
    MerchantBuckets next = held.withoutPendingThrough(now + 1);
    if (!next.hasPending()
        && (!next.hasBuckets() || next.lastBucketStart() + size - 1 + lateness <= now)) {
      state.clear(); // with no allowed lateness the clear timer may come first at the same instant
    } else {
      state.write(next);
    }
    if (next.hasPending()) {
      onTime.set(new Instant(next.firstPending() - 1));
    }
  }

  @OnTimer("clear")
  public void clear(
      @Timestamp Instant firing, @StateId("buckets") ValueState<MerchantBuckets> state) {
    MerchantBuckets held = state.read();
    if (held != null
        && !held.hasPending()
        && (!held.hasBuckets()
            || held.lastBucketStart() + size - 1 + lateness <= firing.getMillis())) {
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
