package dev.vigil.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Which feature set the pipeline computes, and where the labels for merchant risk come from. */
@Description("Features and labels")
public interface FeatureOptions extends PipelineOptions {
  /** A feature set to compute, or AUTO. */
  enum FeatureSetChoice {
    /** The set the newest model version under --modelDir was trained on (its manifest says). */
    AUTO,
    V1,
    V2
  }

  @Description(
      "Feature set to compute (docs/features.md): V1 (the nine 1 h/24 h card features), V2 (v1 "
          + "plus 7/30-day card profiles, location history, merchant activity and risk from "
          + "labels, time of day), or AUTO: the set the newest model under --modelDir needs. A "
          + "model needing features the pipeline does not compute is refused, at start and at "
          + "hot reload.")
  @Default.Enum("AUTO")
  FeatureSetChoice getFeatureSet();

  void setFeatureSet(FeatureSetChoice value);

  @Description(
      "Kafka topic of label records (fraud or legitimate, with labelled_at; docs/features.md), "
          + "read with --source=KAFKA when the feature set is V2. The analyst console writes here "
          + "too.")
  @Default.String("labels")
  String getLabelsTopic();

  void setLabelsTopic(String value);

  @Description(
      "JSON Lines file of label records, read with --source=FILE when the feature set is V2. "
          + "Without it every merchant risk feature is 0.")
  String getLabelsFile();

  void setLabelsFile(String value);
}
