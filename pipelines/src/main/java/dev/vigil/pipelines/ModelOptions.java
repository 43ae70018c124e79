package dev.vigil.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** The serving model and the decision thresholds on its score. */
@Description("Model and decisions")
public interface ModelOptions extends PipelineOptions {
  @Description(
      "Model base directory holding SavedModel versions DIR/1, DIR/2, ... (the newest "
          + "valid one serves; new ones are picked up while running). ./vigil run defaults it to "
          + "the bundled testdata/model.")
  @Validation.Required
  String getModelDir();

  void setModelDir(String value);

  @Description(
      "How often to look for a new model version, in seconds (0: before every batch; "
          + "negative: never).")
  @Default.Long(30)
  long getModelPollSeconds();

  void setModelPollSeconds(long value);

  @Description("Scores at or above this are REVIEW (and get reasons).")
  @Default.Double(0.5)
  double getReviewThreshold();

  void setReviewThreshold(double value);

  @Description("Scores at or above this are BLOCK.")
  @Default.Double(0.9)
  double getBlockThreshold();

  void setBlockThreshold(double value);
}
