package dev.vigil.pipelines;

import dev.vigil.transforms.features.TrailingCardFeatures;
import dev.vigil.transforms.inference.ScoreTransactions;
import dev.vigil.transforms.windows.MerchantWindows;
import org.apache.beam.sdk.options.StreamingOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the stage choices that depend on what the runner supports in streaming: per-card
 * feature state, inference batching and the merchant-window layout. Beam 2.62's Spark runner runs stateful {@code DoFn}s in
 * streaming but refuses user timers, so on Spark a stream gets {@link
 * TrailingCardFeatures.Mode#STATEFUL_NO_TIMER} and {@link ScoreTransactions.Batching#PER_BUNDLE}
 * unless the options ask otherwise; every other runner keeps the timer-based defaults. Asking for
 * the timer-based choice on Spark fails here, with a message, rather than at translation.
 */
final class RunnerFit {
  private static final Logger LOG = LoggerFactory.getLogger(RunnerFit.class);

  private RunnerFit() {}

  /** True when the job is a stream on a runner that refuses user timers in streaming. */
  static boolean streamingWithoutUserTimers(FraudDetectionOptions o) {
    return streamingOn(o, "Spark");
  }

  /** True when the job is a stream on the runner whose class name contains {@code runner}. */
  private static boolean streamingOn(FraudDetectionOptions o, String runner) {
    return o.as(StreamingOptions.class).isStreaming()
        && o.getRunner() != null
        && o.getRunner().getSimpleName().contains(runner);
  }

  static TrailingCardFeatures.Mode featureMode(FraudDetectionOptions o) {
    return fit(o, "--featureMode", o.getFeatureMode(), TrailingCardFeatures.Mode.AUTO,
        TrailingCardFeatures.Mode.STATEFUL, TrailingCardFeatures.Mode.STATEFUL_NO_TIMER,
        "per-card features use STATEFUL_NO_TIMER");
  }

  static ScoreTransactions.Batching scoreBatching(FraudDetectionOptions o) {
    return fit(o, "--scoreBatching", o.getScoreBatching(), ScoreTransactions.Batching.AUTO,
        ScoreTransactions.Batching.GROUP_INTO_BATCHES, ScoreTransactions.Batching.PER_BUNDLE,
        "scoring batches per bundle (per micro-batch partition)");
  }

  /**
   * The merchant-window layout: {@link MerchantWindows.Layout#BUCKETED} is tested on the FlinkRunner
   * in streaming only (on the DirectRunner a bounded run can fire a merchant's timer before
   * earlier transactions of that merchant, giving a partial on-time pane), so elsewhere it fails
   * here with what to pass instead.
   */
  static MerchantWindows.Layout merchantWindowLayout(FraudDetectionOptions o) {
    MerchantWindows.Layout layout = o.getMerchantWindowLayout();
    if (layout == MerchantWindows.Layout.BUCKETED && !streamingOn(o, "Flink")) {
      throw new IllegalArgumentException("--merchantWindowLayout=BUCKETED runs on the FlinkRunner with "
          + "--streaming=true only; use --merchantWindowLayout=WINDOWED on "
          + (o.getRunner() == null ? "this runner" : o.getRunner().getSimpleName())
          + (o.as(StreamingOptions.class).isStreaming() ? "" : " or in batch"));
    }
    return layout;
  }

  /**
   * {@code chosen}, except on a stream without user timers: {@code AUTO} becomes {@code timerFree}
   * (logged as {@code what}) and {@code needsTimers} fails with what to pass instead.
   */
  private static <E extends Enum<E>> E fit(
      FraudDetectionOptions o, String option, E chosen, E auto, E needsTimers, E timerFree, String what) {
    if (!streamingWithoutUserTimers(o)) {
      return chosen;
    }
    String runner = o.getRunner().getSimpleName();
    if (chosen == needsTimers) {
      throw new IllegalArgumentException(
          option + "=" + needsTimers + " needs user timers, which " + runner
              + " does not run in streaming: use " + option + "=" + auto + " or " + timerFree);
    }
    if (chosen == auto) {
      LOG.info("{} streaming has no user timers: {}", runner, what);
      return timerFree;
    }
    return chosen;
  }
}
