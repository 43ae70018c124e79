package dev.vigil.transforms.windows;

import com.google.auto.value.AutoValue;
import dev.vigil.model.DecidedTransaction;
import dev.vigil.model.MerchantWindow;
import dev.vigil.model.Transaction;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * Per-merchant activity over sliding event-time windows (default 10 minutes every minute):
 * transaction count, amount sum, average score and number of alerts (REVIEW or BLOCK).
 *
 * <p>Each window fires when the watermark passes its end, then again for every late transaction
 * within the allowed lateness (default 10 minutes); panes accumulate, so each pane is the window's
 * complete state so far and sinks upsert by {@code (merchant_id, window_start)}. Data later than
 * the allowed lateness is dropped by Beam's windowing (counted by the runner as dropped late data).
 *
 * <p>Two state layouts compute the same panes ({@link Layout}): Beam's sliding windows (the
 * default, on every runner) or per-merchant buckets in one state cell ({@link Layout#BUCKETED},
 * which needs user timers, so not on Spark).
 *
 * <pre>{@code
 * PCollection<MerchantWindow> windows = decided.apply("MerchantWindows",
 *     MerchantWindows.create().withSize(Duration.standardMinutes(5)).withPeriod(Duration.standardMinutes(1)));
 * }</pre>
 */
@AutoValue
public abstract class MerchantWindows
    extends PTransform<PCollection<DecidedTransaction>, PCollection<MerchantWindow>> {
  /** How the windows' state is kept; both give the same panes. */
  public enum Layout {
    /**
     * Beam's {@link SlidingWindows} with a combining aggregation: per (merchant, window) state,
     * timers and watermark holds, so each transaction touches {@code size / period} windows.
     */
    WINDOWED,
    /**
     * One state cell per merchant holding activity per period-long bucket, one timer for the next
     * on-time pane: each transaction updates one bucket. Needs user timers; {@code size} must be a
     * multiple of {@code period}.
     */
    BUCKETED
  }

  abstract Duration size();

  abstract Duration period();

  abstract Duration allowedLateness();

  abstract Layout layout();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setSize(Duration size);

    abstract Builder setPeriod(Duration period);

    abstract Builder setAllowedLateness(Duration allowedLateness);

    abstract Builder setLayout(Layout layout);

    abstract MerchantWindows build();
  }

  /**
   * Windows of 10 minutes every minute, 10 minutes of allowed lateness, {@link Layout#WINDOWED}.
   */
  public static MerchantWindows create() {
    return new AutoValue_MerchantWindows.Builder()
        .setSize(Duration.standardMinutes(10))
        .setPeriod(Duration.standardMinutes(1))
        .setAllowedLateness(Duration.standardMinutes(10))
        .setLayout(Layout.WINDOWED)
        .build();
  }

  /** How the windows' state is kept; the panes are the same either way. */
  public MerchantWindows withLayout(Layout layout) {
    if (layout == null) {
      throw new IllegalArgumentException("layout must be WINDOWED or BUCKETED, got null");
    }
    return toBuilder().setLayout(layout).build();
  }

  /** The length of each window. */
  public MerchantWindows withSize(Duration size) {
    requirePositive("size", size);
    return toBuilder().setSize(size).build();
  }

  /** How often a window starts (at most the size). */
  public MerchantWindows withPeriod(Duration period) {
    requirePositive("period", period);
    return toBuilder().setPeriod(period).build();
  }

  /** How long after the watermark late transactions still update a window. */
  public MerchantWindows withAllowedLateness(Duration allowedLateness) {
    if (allowedLateness == null || allowedLateness.getMillis() < 0) {
      throw new IllegalArgumentException("allowedLateness must be >= 0, got " + allowedLateness);
    }
    return toBuilder().setAllowedLateness(allowedLateness).build();
  }

  static void requirePositive(String name, Duration d) {
    if (d == null || d.getMillis() <= 0) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
    }
  }

  @Override
  public PCollection<MerchantWindow> expand(PCollection<DecidedTransaction> input) {
    Duration size = size();
    Duration period = period();
    Duration allowedLateness = allowedLateness();
    Layout layout = layout();
    if (period.isLongerThan(size)) {
      throw new IllegalArgumentException(
          "MerchantWindows period (" + period + ") must not exceed size (" + size + ")");
    }
    if (layout == Layout.BUCKETED && size.getMillis() % period.getMillis() != 0) {
      throw new IllegalArgumentException(
          "MerchantWindows layout BUCKETED needs a size ("
              + size
              + ") that is a multiple of the period ("
              + period
              + "); use layout WINDOWED");
    }
    PCollection<KV<String, WindowStats>> activity =
        input.apply("KeyByMerchant", KeyedActivity.by(Transaction::getMerchantId));
    if (layout == Layout.BUCKETED) {
      return activity.apply(
          "SummarizeBuckets",
          ParDo.of(
              new BucketedMerchantWindowsFn(
                  size.getMillis(), period.getMillis(), allowedLateness.getMillis())));
    }
    return activity
        .apply(
            "IntoSlidingWindows",
            Window.<KV<String, WindowStats>>into(SlidingWindows.of(size).every(period))
                .triggering(LateDataTrigger.onTimeThenEveryLateElement())
                .withAllowedLateness(allowedLateness)
                .accumulatingFiredPanes())
        .apply("SummarizePerMerchant", Combine.perKey(new SummarizeWindow()))
        .apply("ToMerchantWindow", ParDo.of(new ToMerchantWindowFn()));
  }

  private static final class ToMerchantWindowFn
      extends DoFn<KV<String, WindowStats>, MerchantWindow> {
    @ProcessElement
    public void process(
        @Element KV<String, WindowStats> e,
        IntervalWindow window,
        PaneInfo pane,
        OutputReceiver<MerchantWindow> out) {
      WindowStats s = e.getValue();
      out.output(
          MerchantWindow.builder()
              .setMerchantId(e.getKey())
              .setWindowStartMillis(window.start().getMillis())
              .setWindowEndMillis(window.end().getMillis())
              .setTxnCount(s.count)
              .setAmountSum(s.amountSum)
              .setAvgScore(s.count == 0 ? 0 : s.scoreSum / s.count)
              .setAlertCount(s.alertCount)
              .setPaneTiming(PaneTiming.of(pane))
              .build());
    }
  }
}
