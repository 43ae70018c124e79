package dev.vigil.pipelines;

import dev.vigil.inference.RunInference;
import dev.vigil.transforms.features.TrailingCardFeatures;
import dev.vigil.transforms.windows.CardSessions;
import dev.vigil.transforms.windows.MerchantWindows;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.StreamingOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves, once per run, every stage choice that depends on the runner: per-card feature state,
 * inference batching, the state layouts of the merchant windows and card sessions, how long an idle
 * model stays loaded, and Flink's bundle time and watermark interval. Beam 2.62's Spark runner runs
 * stateful {@code DoFn}s in streaming but refuses user timers, so on Spark a stream gets {@link
 * TrailingCardFeatures.Mode#STATEFUL_NO_TIMER} and {@link RunInference.Batching#PER_BUNDLE} unless
 * the options ask otherwise; every other runner keeps the timer-based defaults. Asking for the
 * timer-based choice on Spark fails here, with a message, rather than at translation.
 *
 * <p>{@link #resolve} has no side effects; {@link #applyTo} is the one place that changes the
 * runner's own options, and {@link FraudDetectionPipeline#run} calls it before the graph is built.
 */
final class RunnerFit {
  private static final Logger LOG = LoggerFactory.getLogger(RunnerFit.class);

  private RunnerFit() {}

  /**
   * Every runner-dependent choice of one run.
   *
   * @param featureMode how per-card feature state is kept
   * @param scoreBatching how transactions are batched for the model
   * @param merchantWindowLayout state layout of the merchant windows
   * @param cardSessionLayout state layout of the card sessions
   * @param modelIdleCloseMillis how long an unused model stays loaded (0: until teardown)
   * @param flinkMaxBundleTimeMillis the FlinkRunner bundle time to set, or null to leave it
   * @param flinkWatermarkMillis the FlinkRunner source watermark interval to set, or null to leave
   *     it
   */
  record Choices(
      TrailingCardFeatures.Mode featureMode,
      RunInference.Batching scoreBatching,
      MerchantWindows.Layout merchantWindowLayout,
      CardSessions.Layout cardSessionLayout,
      long modelIdleCloseMillis,
      Long flinkMaxBundleTimeMillis,
      Long flinkWatermarkMillis) {

    /** One line for the start-up log. */
    String describe() {
      return "features "
          + featureMode
          + ", scoring batches "
          + scoreBatching
          + ", merchant windows "
          + merchantWindowLayout
          + ", card sessions "
          + cardSessionLayout
          + (modelIdleCloseMillis > 0
              ? ", idle model closed after " + modelIdleCloseMillis + " ms"
              : "")
          + (flinkMaxBundleTimeMillis != null
              ? ", Flink bundles end within "
                  + flinkMaxBundleTimeMillis
                  + " ms (--maxBatchWaitMillis)"
              : "")
          + (flinkWatermarkMillis != null
              ? ", source watermarks every " + flinkWatermarkMillis + " ms"
              : "");
    }
  }

  /** Resolves every choice from the options; fails fast on a choice the runner cannot run. */
  static Choices resolve(FraudDetectionOptions o) {
    RunInference.Batching batching = scoreBatching(o);
    Long bundleCap = null;
    if (streamingOn(o, "Flink") && batching == RunInference.Batching.PER_BUNDLE) {
      Long current = FlinkBundles.time(o);
      if (current == null || current > o.getMaxBatchWaitMillis()) {
        bundleCap = o.getMaxBatchWaitMillis();
      }
    }
    Long watermarkInterval =
        streamingOn(o, "Flink") && FlinkBundles.watermarkInterval(o) == null
            ? FLINK_WATERMARK_MILLIS
            : null;
    return new Choices(
        featureMode(o),
        batching,
        merchantWindowLayout(o),
        cardSessionLayout(o),
        // Spark streaming sets DoFns up and tears them down with every micro-batch task.
        streamingWithoutUserTimers(o) ? 60_000 : 0,
        bundleCap,
        watermarkInterval);
  }

  /**
   * The source watermark interval set on Flink streaming when {@code --autoWatermarkInterval} is
   * not given (Flink's own default for event-time jobs). Beam's Flink source otherwise emits one
   * every 10 ms, and every operator finishes its bundle whenever its output watermark moves, so
   * every sink would wait for its writes 100 times a second.
   */
  static final long FLINK_WATERMARK_MILLIS = 200;

  /** Logs the choices and sets the runner options they change (Flink's bundle time). */
  static void applyTo(FraudDetectionOptions o, Choices choices) {
    LOG.info(
        "runner fit for {}: {}",
        o.getRunner() == null ? "?" : o.getRunner().getSimpleName(),
        choices.describe());
    if (choices.flinkMaxBundleTimeMillis() != null) {
      FlinkBundles.setTime(o, choices.flinkMaxBundleTimeMillis());
    }
    if (choices.flinkWatermarkMillis() != null) {
      FlinkBundles.setWatermarkInterval(o, choices.flinkWatermarkMillis());
    }
    EmbeddedFlink.configure(o);
    ResumeFromCheckpoint.configure(o);
  }

  /** True when the job is a stream on a runner that refuses user timers in streaming. */
  private static boolean streamingWithoutUserTimers(FraudDetectionOptions o) {
    return streamingOn(o, "Spark");
  }

  /** True when the job is a stream on the runner whose class name contains {@code runner}. */
  private static boolean streamingOn(FraudDetectionOptions o, String runner) {
    return o.as(StreamingOptions.class).isStreaming()
        && o.getRunner() != null
        && o.getRunner().getSimpleName().contains(runner);
  }

  private static TrailingCardFeatures.Mode featureMode(FraudDetectionOptions o) {
    return fit(
        o,
        "--featureMode",
        o.getFeatureMode(),
        TrailingCardFeatures.Mode.AUTO,
        TrailingCardFeatures.Mode.STATEFUL,
        TrailingCardFeatures.Mode.STATEFUL_NO_TIMER,
        "per-card features use STATEFUL_NO_TIMER");
  }

  /**
   * How scoring batches: on Spark streaming (no timers) AUTO is {@link
   * RunInference.Batching#PER_BUNDLE}; on the FlinkRunner in streaming it is {@link
   * RunInference.Batching#PER_BUNDLE} when every output goes to Kafka only, and {@link
   * RunInference.Batching#GROUP_INTO_BATCHES} when Cassandra or files are written; elsewhere the
   * transform decides (bounded: per bundle, unbounded: {@code GroupIntoBatches}). On Flink,
   * batching per bundle avoids a keyed shuffle and a timer per batch (the Kafka-only pipeline ran
   * 1.4x faster than with {@code GroupIntoBatches}), and {@link #resolve} caps Flink's bundle time
   * at {@code --maxBatchWaitMillis} so a batch waits no longer than with {@code GroupIntoBatches}.
   * But the Cassandra and file sinks wait for their writes at every bundle's end, and with bundles
   * that short they spend most of their time waiting (the shipped production config drained a
   * backlog about 3x slower), so with them Flink keeps its default bundles and {@code
   * GroupIntoBatches} bounds a batch's wait instead.
   */
  private static RunInference.Batching scoreBatching(FraudDetectionOptions o) {
    if (streamingOn(o, "Flink") && o.getScoreBatching() == RunInference.Batching.AUTO) {
      return Outputs.from(o).writesFilesOrCassandra()
          ? RunInference.Batching.GROUP_INTO_BATCHES
          : RunInference.Batching.PER_BUNDLE;
    }
    return fit(
        o,
        "--scoreBatching",
        o.getScoreBatching(),
        RunInference.Batching.AUTO,
        RunInference.Batching.GROUP_INTO_BATCHES,
        RunInference.Batching.PER_BUNDLE,
        "scoring batches per bundle (per micro-batch partition)");
  }

  /**
   * Flink's options, touched only when the runner is Flink (the Spark job jar has no Flink
   * classes).
   */
  private static final class FlinkBundles {
    static Long time(FraudDetectionOptions o) {
      return o.as(FlinkPipelineOptions.class).getMaxBundleTimeMills();
    }

    static void setTime(FraudDetectionOptions o, long millis) {
      o.as(FlinkPipelineOptions.class).setMaxBundleTimeMills(millis);
    }

    static Long watermarkInterval(FraudDetectionOptions o) {
      return o.as(FlinkPipelineOptions.class).getAutoWatermarkInterval();
    }

    static void setWatermarkInterval(FraudDetectionOptions o, long millis) {
      o.as(FlinkPipelineOptions.class).setAutoWatermarkInterval(millis);
    }
  }

  /**
   * The merchant-window layout. {@link MerchantWindows.Layout#BUCKETED} is tested on the
   * FlinkRunner in streaming only (on the DirectRunner a bounded run can fire a merchant's timer
   * before earlier transactions of that merchant, giving a partial on-time pane; Spark streaming
   * has no user timers): AUTO picks it there (when the window size is a multiple of its period),
   * asking for it elsewhere fails here with what to pass instead.
   */
  private static MerchantWindows.Layout merchantWindowLayout(FraudDetectionOptions o) {
    TuningOptions.MerchantWindowLayout chosen = o.getMerchantWindowLayout();
    if (chosen == TuningOptions.MerchantWindowLayout.AUTO) {
      boolean bucketable =
          o.getMerchantWindowEveryMinutes() > 0
              && o.getMerchantWindowMinutes() % o.getMerchantWindowEveryMinutes() == 0;
      return streamingOn(o, "Flink") && bucketable
          ? MerchantWindows.Layout.BUCKETED
          : MerchantWindows.Layout.WINDOWED;
    }
    if (chosen == TuningOptions.MerchantWindowLayout.BUCKETED) {
      requireFlinkStreaming(o, "--merchantWindowLayout", "BUCKETED");
    }
    return MerchantWindows.Layout.valueOf(chosen.name());
  }

  /**
   * The card-session layout, chosen as the merchant-window layout is ({@link
   * CardSessions.Layout#STATEFUL} on Flink streaming).
   */
  private static CardSessions.Layout cardSessionLayout(FraudDetectionOptions o) {
    TuningOptions.CardSessionLayout chosen = o.getCardSessionLayout();
    if (chosen == TuningOptions.CardSessionLayout.AUTO) {
      return streamingOn(o, "Flink") ? CardSessions.Layout.STATEFUL : CardSessions.Layout.WINDOWED;
    }
    if (chosen == TuningOptions.CardSessionLayout.STATEFUL) {
      requireFlinkStreaming(o, "--cardSessionLayout", "STATEFUL");
    }
    return CardSessions.Layout.valueOf(chosen.name());
  }

  private static void requireFlinkStreaming(FraudDetectionOptions o, String option, String value) {
    if (!streamingOn(o, "Flink")) {
      throw new IllegalArgumentException(
          option
              + "="
              + value
              + " runs on the FlinkRunner with "
              + "--streaming=true only; use "
              + option
              + "=AUTO or WINDOWED on "
              + (o.getRunner() == null ? "this runner" : o.getRunner().getSimpleName())
              + (o.as(StreamingOptions.class).isStreaming() ? "" : " or in batch"));
    }
  }

  /**
   * {@code chosen}, except on a stream without user timers: {@code AUTO} becomes {@code timerFree}
   * (logged as {@code what}) and {@code needsTimers} fails with what to pass instead.
   */
  private static <E extends Enum<E>> E fit(
      FraudDetectionOptions o,
      String option,
      E chosen,
      E auto,
      E needsTimers,
      E timerFree,
      String what) {
    if (!streamingWithoutUserTimers(o)) {
      return chosen;
    }
    String runner = o.getRunner().getSimpleName();
    if (chosen == needsTimers) {
      throw new IllegalArgumentException(
          option
              + "="
              + needsTimers
              + " needs user timers, which "
              + runner
              + " does not run in streaming: use "
              + option
              + "="
              + auto
              + " or "
              + timerFree);
    }
    if (chosen == auto) {
      LOG.info("{} streaming has no user timers: {}", runner, what);
      return timerFree;
    }
    return chosen;
  }
}
