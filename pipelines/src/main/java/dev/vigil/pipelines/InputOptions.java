package dev.vigil.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where transactions come from: a JSON Lines file or a Kafka topic. */
@Description("Input: where transactions come from")
public interface InputOptions extends PipelineOptions {
  /** Where transactions come from. */
  enum Source {
    FILE,
    KAFKA
  }

  @Description("Input: FILE (--inputFile) or KAFKA (--bootstrapServers, --inputTopic).")
  @Default.Enum("FILE")
  Source getSource();

  void setSource(Source value);

  @Description(
      "Input JSON Lines file or glob of transactions (one JSON object per line); "
          + "with --source=FILE only.")
  String getInputFile();

  void setInputFile(String value);

  @Description("Kafka topic of input transactions (JSON values); with --source=KAFKA.")
  @Default.String("transactions")
  String getInputTopic();

  void setInputTopic(String value);

  @Description("Kafka consumer group; offsets are committed when checkpoints finalize.")
  @Default.String("vigil")
  String getConsumerGroup();

  void setConsumerGroup(String value);

  @Description(
      "How far event times may run behind the newest one per partition, in seconds "
          + "(the watermark trails by this much).")
  @Default.Long(30)
  long getMaxOutOfOrdernessSeconds();

  void setMaxOutOfOrdernessSeconds(long value);

  @Description("Stop reading Kafka after this many records (0: never); with --source=KAFKA only.")
  @Default.Long(0)
  long getMaxReadRecords();

  void setMaxReadRecords(long value);

  @Description(
      "With --source=KAFKA: a transaction whose event_time is more than this many minutes ahead "
          + "of the clock is a dead letter (a stream's watermark never runs ahead of the clock, so "
          + "it would wait in state until its time came). 0: no bound.")
  @Default.Long(1440)
  long getMaxEventTimeAheadMinutes();

  void setMaxEventTimeAheadMinutes(long value);

  @Description("Records larger than this many bytes are dead-lettered as oversize.")
  @Default.Integer(16384)
  int getMaxRecordBytes();

  void setMaxRecordBytes(int value);
}
