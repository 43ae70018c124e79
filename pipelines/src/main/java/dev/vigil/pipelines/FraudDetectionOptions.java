package dev.vigil.pipelines;

import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Options of the fraud-detection pipeline, grouped by concern: {@link InputOptions}, {@link
 * KafkaOptions}, {@link OutputOptions}, {@link ModelOptions}, {@link FeatureOptions}, {@link
 * CardActionOptions}, {@link SummaryOptions}, {@link TuningOptions} and {@link RecoveryOptions}.
 * {@code ./vigil run --help} prints them; {@code docs/options.md} is generated from these
 * annotations ({@link OptionsReference}).
 */
public interface FraudDetectionOptions
    extends InputOptions,
        KafkaOptions,
        OutputOptions,
        ModelOptions,
        FeatureOptions,
        CardActionOptions,
        SummaryOptions,
        TuningOptions,
        RecoveryOptions {

  /** The groups, in the order help and the generated reference list them. */
  List<Class<? extends PipelineOptions>> GROUPS =
      List.of(
          InputOptions.class,
          KafkaOptions.class,
          OutputOptions.class,
          ModelOptions.class,
          FeatureOptions.class,
          CardActionOptions.class,
          SummaryOptions.class,
          TuningOptions.class,
          RecoveryOptions.class);

  @Description(
      "Return as soon as the runner has accepted the job instead of waiting for it to "
          + "finish: for submitting a streaming job to a cluster (./vigil submit sets it).")
  @Default.Boolean(false)
  @Hidden
  boolean isSubmitOnly();

  void setSubmitOnly(boolean value);
}
