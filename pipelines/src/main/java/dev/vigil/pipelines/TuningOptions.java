package dev.vigil.pipelines;

import dev.vigil.inference.RunInference;
import dev.vigil.transforms.features.TrailingCardFeatures;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Runner tuning: state layouts and batching. Every default ({@code AUTO}) is resolved per runner by
 * {@link RunnerFit}; none of these changes what the pipeline computes.
 */
@Description("Tuning: state layouts and batching (AUTO picks per runner; outputs are the same)")
public interface TuningOptions extends PipelineOptions {
  /** State layout of the merchant windows ({@code MerchantWindows.Layout}), or AUTO. */
  enum MerchantWindowLayout {
    /** BUCKETED on the FlinkRunner in streaming, WINDOWED elsewhere. */
    AUTO,
    WINDOWED,
    BUCKETED
  }

  /** State layout of the card sessions ({@code CardSessions.Layout}), or AUTO. */
  enum CardSessionLayout {
    /** STATEFUL on the FlinkRunner in streaming, WINDOWED elsewhere. */
    AUTO,
    WINDOWED,
    STATEFUL
  }

  @Description(
      "How per-card feature state is kept: AUTO (SORTED for bounded input; for streams "
          + "STATEFUL, or STATEFUL_NO_TIMER on runners without user timers in streaming, i.e. Spark), "
          + "SORTED, STATEFUL or STATEFUL_NO_TIMER.")
  @Default.Enum("AUTO")
  TrailingCardFeatures.Mode getFeatureMode();

  void setFeatureMode(TrailingCardFeatures.Mode value);

  @Description(
      "How transactions are batched for the model: AUTO (PER_BUNDLE for bounded input, "
          + "for streams on Spark, which has no user timers in streaming, and for streams on the "
          + "FlinkRunner whose outputs all go to Kafka; GROUP_INTO_BATCHES for other streams, "
          + "including Flink streams that write Cassandra or files, whose sinks wait at every "
          + "bundle end), GROUP_INTO_BATCHES (size or --maxBatchWaitMillis) "
          + "or PER_BUNDLE (size or the end of the bundle).")
  @Default.Enum("AUTO")
  RunInference.Batching getScoreBatching();

  void setScoreBatching(RunInference.Batching value);

  @Description("Maximum number of transactions scored in one model call.")
  @Default.Integer(256)
  int getMaxBatchSize();

  void setMaxBatchSize(int value);

  @Description(
      "Maximum time a transaction waits for its batch to fill, in milliseconds (batching "
          + "per bundle on the FlinkRunner caps --maxBundleTimeMills at it).")
  @Default.Long(50)
  long getMaxBatchWaitMillis();

  void setMaxBatchWaitMillis(long value);

  @Description("Number of keys transactions are spread over for batching (parallel batches).")
  @Default.Integer(4)
  int getScoringShards();

  void setScoringShards(int value);

  @Description("TensorFlow intra-op threads per model call.")
  @Default.Integer(1)
  int getInferenceThreads();

  void setInferenceThreads(int value);

  @Description(
      "State layout of the merchant windows, same panes either way: AUTO (BUCKETED on "
          + "the FlinkRunner in streaming, WINDOWED elsewhere), WINDOWED (Beam's sliding windows, "
          + "every runner) or BUCKETED (per-merchant buckets in one state cell and one timer; "
          + "FlinkRunner streaming only). BUCKETED needs --merchantWindowMinutes to be a multiple of "
          + "--merchantWindowEveryMinutes; AUTO falls back to WINDOWED when it is not.")
  @Default.Enum("AUTO")
  MerchantWindowLayout getMerchantWindowLayout();

  void setMerchantWindowLayout(MerchantWindowLayout value);

  @Description(
      "State layout of the card sessions, same panes either way: AUTO (STATEFUL on the "
          + "FlinkRunner in streaming, WINDOWED elsewhere), WINDOWED (Beam's merging session "
          + "windows, every runner) or STATEFUL (each card's open sessions in one state cell and one "
          + "timer; FlinkRunner streaming only).")
  @Default.Enum("AUTO")
  CardSessionLayout getCardSessionLayout();

  void setCardSessionLayout(CardSessionLayout value);
}
