package dev.vigil.pipelines;

import dev.vigil.transforms.features.TrailingCardFeatures;
import dev.vigil.transforms.inference.ScoreTransactions;
import dev.vigil.transforms.windows.CardSessions;
import dev.vigil.transforms.windows.MerchantWindows;
import org.apache.beam.sdk.options.StreamingOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the stage choices that depend on what the runner supports in streaming: per-card
 * feature state, inference batching and the state layouts of the merchant windows and card
 * sessions. Beam 2.62's Spark runner runs stateful {@code DoFn}s in
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

  /**
   * How scoring batches: on Spark streaming (no timers) and on the FlinkRunner in streaming, AUTO
   * is {@link ScoreTransactions.Batching#PER_BUNDLE}; elsewhere the transform decides (bounded:
   * per bundle, unbounded: {@code GroupIntoBatches}). On Flink, batching per bundle avoids a keyed
   * shuffle and a timer per batch (the whole pipeline ran 1.4x faster than with {@code
   * GroupIntoBatches}), and {@link #boundFlinkBundles} keeps its wait within
   * {@code --maxBatchWaitMillis}.
   */
  static ScoreTransactions.Batching scoreBatching(FraudDetectionOptions o) {
    if (streamingOn(o, "Flink") && o.getScoreBatching() == ScoreTransactions.Batching.AUTO) {
      return ScoreTransactions.Batching.PER_BUNDLE;
    }
    return fit(o, "--scoreBatching", o.getScoreBatching(), ScoreTransactions.Batching.AUTO,
        ScoreTransactions.Batching.GROUP_INTO_BATCHES, ScoreTransactions.Batching.PER_BUNDLE,
        "scoring batches per bundle (per micro-batch partition)");
  }

  /**
   * On the FlinkRunner in streaming with scoring batched per bundle, caps Flink's bundle time
   * ({@code --maxBundleTimeMills}, 1 s by default) at {@code --maxBatchWaitMillis}: a bundle's end
   * is when its batch is scored, so this is the batch's longest wait, as with {@code
   * GroupIntoBatches}. A smaller bundle time given by the user is kept.
   */
  static void boundFlinkBundles(FraudDetectionOptions o) {
    if (streamingOn(o, "Flink") && scoreBatching(o) == ScoreTransactions.Batching.PER_BUNDLE) {
      FlinkBundles.capTime(o, o.getMaxBatchWaitMillis());
    }
  }

  /** Flink's options, touched only when the runner is Flink (the Spark job jar has no Flink classes). */
  private static final class FlinkBundles {
    static void capTime(FraudDetectionOptions o, long maxMillis) {
      org.apache.beam.runners.flink.FlinkPipelineOptions flink =
          o.as(org.apache.beam.runners.flink.FlinkPipelineOptions.class);
      Long current = flink.getMaxBundleTimeMills();
      if (current == null || current > maxMillis) {
        LOG.info("scoring batches per bundle on Flink: bundles end within --maxBatchWaitMillis={} ms "
            + "(--maxBundleTimeMills was {})", maxMillis, current);
        flink.setMaxBundleTimeMills(maxMillis);
      }
    }
  }

  /**
   * The merchant-window layout. {@link MerchantWindows.Layout#BUCKETED} is tested on the FlinkRunner
   * in streaming only (on the DirectRunner a bounded run can fire a merchant's timer before earlier
   * transactions of that merchant, giving a partial on-time pane; Spark streaming has no user
   * timers): AUTO picks it there (when the window size is a multiple of its period), asking for it
   * elsewhere fails here with what to pass instead.
   */
  static MerchantWindows.Layout merchantWindowLayout(FraudDetectionOptions o) {
    FraudDetectionOptions.MerchantWindowLayout chosen = o.getMerchantWindowLayout();
    if (chosen == FraudDetectionOptions.MerchantWindowLayout.AUTO) {
      boolean bucketable = o.getMerchantWindowEveryMinutes() > 0
          && o.getMerchantWindowMinutes() % o.getMerchantWindowEveryMinutes() == 0;
      return streamingOn(o, "Flink") && bucketable ? MerchantWindows.Layout.BUCKETED : MerchantWindows.Layout.WINDOWED;
    }
    if (chosen == FraudDetectionOptions.MerchantWindowLayout.BUCKETED) {
      requireFlinkStreaming(o, "--merchantWindowLayout", "BUCKETED");
    }
    return MerchantWindows.Layout.valueOf(chosen.name());
  }

  /** The card-session layout, chosen as the merchant-window layout is ({@link CardSessions.Layout#STATEFUL} on Flink streaming). */
  static CardSessions.Layout cardSessionLayout(FraudDetectionOptions o) {
    FraudDetectionOptions.CardSessionLayout chosen = o.getCardSessionLayout();
    if (chosen == FraudDetectionOptions.CardSessionLayout.AUTO) {
      return streamingOn(o, "Flink") ? CardSessions.Layout.STATEFUL : CardSessions.Layout.WINDOWED;
    }
    if (chosen == FraudDetectionOptions.CardSessionLayout.STATEFUL) {
      requireFlinkStreaming(o, "--cardSessionLayout", "STATEFUL");
    }
    return CardSessions.Layout.valueOf(chosen.name());
  }

  private static void requireFlinkStreaming(FraudDetectionOptions o, String option, String value) {
    if (!streamingOn(o, "Flink")) {
      throw new IllegalArgumentException(option + "=" + value + " runs on the FlinkRunner with "
          + "--streaming=true only; use " + option + "=AUTO or WINDOWED on "
          + (o.getRunner() == null ? "this runner" : o.getRunner().getSimpleName())
          + (o.as(StreamingOptions.class).isStreaming() ? "" : " or in batch"));
    }
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
