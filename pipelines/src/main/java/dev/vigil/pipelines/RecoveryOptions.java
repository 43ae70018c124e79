package dev.vigil.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptions;

/** Restarting a streaming job where an earlier run of it stopped ({@link ResumeFromCheckpoint}). */
@Description("Recovery: resume a streaming Flink job from a retained checkpoint")
public interface RecoveryOptions extends PipelineOptions {
  @Description(
      "Restore the job's state before running (FlinkRunner, streaming): 'latest' takes the "
          + "newest complete retained checkpoint under --stateBackendStoragePath (none there: a "
          + "fresh start, logged), a path takes that checkpoint (chk-N) or savepoint directory. "
          + "Kafka is read on from the consumer group's committed offsets (committed at each "
          + "completed checkpoint). Checkpoints are then kept when the job is cancelled. Empty: "
          + "no restore.")
  @Default.String("")
  String getResumeFrom();

  void setResumeFrom(String value);

  @Description(
      "Set by --resumeFrom: the checkpoint this run restores (empty: none). The Kafka sources are"
          + " then new operators that start from the consumer groups' committed offsets.")
  @Default.String("")
  @Hidden
  String getRestoredCheckpoint();

  void setRestoredCheckpoint(String value);
}
