package dev.vigil.pipelines;

import dev.vigil.transforms.features.TrailingCardFeatures;
import dev.vigil.transforms.inference.ScoreTransactions;
import org.apache.beam.sdk.options.StreamingOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the two stage choices that depend on what the runner supports in streaming: per-card
 * feature state and inference batching. Beam 2.62's Spark runner runs stateful {@code DoFn}s in
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
    return o.as(StreamingOptions.class).isStreaming()
        && o.getRunner() != null
        && o.getRunner().getSimpleName().contains("Spark");
  }

  static TrailingCardFeatures.Mode featureMode(FraudDetectionOptions o) {
    TrailingCardFeatures.Mode mode = o.getFeatureMode();
    if (!streamingWithoutUserTimers(o)) {
      return mode;
    }
    if (mode == TrailingCardFeatures.Mode.STATEFUL) {
      throw new IllegalArgumentException(
          "--featureMode=STATEFUL needs user timers, which " + o.getRunner().getSimpleName()
              + " does not run in streaming: use --featureMode=AUTO or STATEFUL_NO_TIMER");
    }
    if (mode == TrailingCardFeatures.Mode.AUTO) {
      LOG.info("{} streaming has no user timers: per-card features use STATEFUL_NO_TIMER",
          o.getRunner().getSimpleName());
      return TrailingCardFeatures.Mode.STATEFUL_NO_TIMER;
    }
    return mode;
  }

  static ScoreTransactions.Batching scoreBatching(FraudDetectionOptions o) {
    ScoreTransactions.Batching batching = o.getScoreBatching();
    if (!streamingWithoutUserTimers(o)) {
      return batching;
    }
    if (batching == ScoreTransactions.Batching.GROUP_INTO_BATCHES) {
      throw new IllegalArgumentException(
          "--scoreBatching=GROUP_INTO_BATCHES needs user timers, which " + o.getRunner().getSimpleName()
              + " does not run in streaming: use --scoreBatching=AUTO or PER_BUNDLE");
    }
    if (batching == ScoreTransactions.Batching.AUTO) {
      LOG.info("{} streaming has no user timers: scoring batches per bundle (per micro-batch partition)",
          o.getRunner().getSimpleName());
      return ScoreTransactions.Batching.PER_BUNDLE;
    }
    return batching;
  }
}
