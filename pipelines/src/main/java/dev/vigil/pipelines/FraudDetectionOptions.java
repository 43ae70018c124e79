package dev.vigil.pipelines;

import dev.vigil.transforms.features.TrailingCardFeatures;
import dev.vigil.transforms.inference.ScoreTransactions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Options of the fraud-detection pipeline ({@code ./vigil run --help} lists them all). */
public interface FraudDetectionOptions extends PipelineOptions {
  /** Where transactions come from. */
  enum Source {
    FILE,
    KAFKA
  }

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

  /** Where scored records, alerts and dead letters go (windows and sessions go to files). */
  enum Outputs {
    FILES,
    KAFKA,
    BOTH
  }

  @Description("Input: FILE (--inputFile) or KAFKA (--bootstrapServers, --inputTopic).")
  @Default.Enum("FILE")
  Source getSource();

  void setSource(Source value);

  @Description("Outputs: FILES (under --outputDir), KAFKA (--scoredTopic, --alertsTopic, "
      + "--deadLetterTopic) or BOTH. Merchant windows and card sessions always go to files.")
  @Default.Enum("FILES")
  Outputs getOutputs();

  void setOutputs(Outputs value);

  @Description("Kafka bootstrap servers.")
  @Default.String("127.0.0.1:9092")
  String getBootstrapServers();

  void setBootstrapServers(String value);

  @Description("Kafka topic of input transactions (JSON values).")
  @Default.String("transactions")
  String getInputTopic();

  void setInputTopic(String value);

  @Description("Kafka consumer group; offsets are committed when checkpoints finalize.")
  @Default.String("vigil")
  String getConsumerGroup();

  void setConsumerGroup(String value);

  @Description("Extra Kafka client properties as key=value (consumer and producer), e.g. "
      + "security.protocol=SASL_SSL,sasl.mechanism=PLAIN")
  java.util.List<String> getKafkaProperties();

  void setKafkaProperties(java.util.List<String> value);

  @Description("How far event times may run behind the newest one per partition, in seconds "
      + "(the watermark trails by this much).")
  @Default.Long(30)
  long getMaxOutOfOrdernessSeconds();

  void setMaxOutOfOrdernessSeconds(long value);

  @Description("Stop reading Kafka after this many records (0: never; a bounded read).")
  @Default.Long(0)
  long getMaxReadRecords();

  void setMaxReadRecords(long value);

  @Description("Kafka topic for scored records (keyed by card_id).")
  @Default.String("scored")
  String getScoredTopic();

  void setScoredTopic(String value);

  @Description("Kafka topic for alerts (keyed by card_id).")
  @Default.String("alerts")
  String getAlertsTopic();

  void setAlertsTopic(String value);

  @Description("Kafka topic for dead letters (keyed by the card_id in their payload when one can be "
      + "read, else by their source).")
  @Default.String("deadletter")
  String getDeadLetterTopic();

  void setDeadLetterTopic(String value);

  @Description("Kafka topic for the sliding merchant windows (keyed by merchant_id); empty: not "
      + "written to Kafka. Create it before the job starts: a topic auto-created under a running "
      + "job fails its first writes.")
  @Default.String("")
  String getMerchantWindowsTopic();

  void setMerchantWindowsTopic(String value);

  @Description("Kafka topic for the card sessions (keyed by card_id); empty: not written to Kafka.")
  @Default.String("")
  String getCardSessionsTopic();

  void setCardSessionsTopic(String value);

  @Description("Write Kafka outputs exactly once with Kafka transactions (runners with "
      + "checkpointing, e.g. Flink); otherwise at least once.")
  @Default.Boolean(false)
  boolean getKafkaExactlyOnce();

  void setKafkaExactlyOnce(boolean value);

  @Description("Cassandra contact points (comma-separated); when set, scored transactions, alerts, "
      + "merchant windows and card sessions are upserted into Cassandra (schema: scripts/schema.cql).")
  String getCassandraHosts();

  void setCassandraHosts(String value);

  @Description("Cassandra native transport port.")
  @Default.Integer(9042)
  int getCassandraPort();

  void setCassandraPort(int value);

  @Description("Cassandra keyspace.")
  @Default.String("vigil")
  String getCassandraKeyspace();

  void setCassandraKeyspace(String value);

  @Description("Input JSON Lines file or glob of transactions (one JSON object per line).")
  String getInputFile();

  void setInputFile(String value);

  @Description("Directory under which each output is written as JSON Lines: scored/, alerts/, "
      + "deadletter/, merchant_windows/, card_sessions/.")
  @Default.String("vigil-output")
  String getOutputDir();

  void setOutputDir(String value);

  @Description("Records larger than this many bytes are dead-lettered as oversize.")
  @Default.Integer(16384)
  int getMaxRecordBytes();

  void setMaxRecordBytes(int value);

  @Description("How per-card feature state is kept: AUTO (SORTED for bounded input; for streams "
      + "STATEFUL, or STATEFUL_NO_TIMER on runners without user timers in streaming, i.e. Spark), "
      + "SORTED, STATEFUL or STATEFUL_NO_TIMER.")
  @Default.Enum("AUTO")
  TrailingCardFeatures.Mode getFeatureMode();

  void setFeatureMode(TrailingCardFeatures.Mode value);

  @Description("Model base directory holding SavedModel versions DIR/1, DIR/2, ... (the newest "
      + "valid one serves; new ones are picked up while running).")
  String getModelDir();

  void setModelDir(String value);

  @Description("How often to look for a new model version, in seconds (0: before every batch; "
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

  @Description("Maximum number of transactions scored in one model call.")
  @Default.Integer(256)
  int getMaxBatchSize();

  void setMaxBatchSize(int value);

  @Description("Maximum time a transaction waits for its batch to fill, in milliseconds (batching "
      + "per bundle on the FlinkRunner caps --maxBundleTimeMills at it).")
  @Default.Long(50)
  long getMaxBatchWaitMillis();

  void setMaxBatchWaitMillis(long value);

  @Description("How transactions are batched for the model: AUTO (PER_BUNDLE for bounded input and "
      + "for streams on the FlinkRunner and on Spark, which has no user timers in streaming; "
      + "GROUP_INTO_BATCHES for other streams), GROUP_INTO_BATCHES (size or --maxBatchWaitMillis) "
      + "or PER_BUNDLE (size or the end of the bundle).")
  @Default.Enum("AUTO")
  ScoreTransactions.Batching getScoreBatching();

  void setScoreBatching(ScoreTransactions.Batching value);

  @Description("Number of keys transactions are spread over for batching (parallel batches).")
  @Default.Integer(4)
  int getScoringShards();

  void setScoringShards(int value);

  @Description("TensorFlow intra-op threads per model call.")
  @Default.Integer(1)
  int getInferenceThreads();

  void setInferenceThreads(int value);

  @Description("Size of the sliding merchant windows, in minutes.")
  @Default.Integer(10)
  int getMerchantWindowMinutes();

  void setMerchantWindowMinutes(int value);

  @Description("Period of the sliding merchant windows, in minutes.")
  @Default.Integer(1)
  int getMerchantWindowEveryMinutes();

  void setMerchantWindowEveryMinutes(int value);

  @Description("State layout of the merchant windows, same panes either way: AUTO (BUCKETED on the "
      + "FlinkRunner in streaming, WINDOWED elsewhere), WINDOWED (Beam's sliding windows, every "
      + "runner) or BUCKETED (per-merchant buckets in one state cell and one timer; FlinkRunner "
      + "streaming only). BUCKETED needs --merchantWindowMinutes to be a multiple of "
      + "--merchantWindowEveryMinutes; AUTO falls back to WINDOWED when it is not.")
  @Default.Enum("AUTO")
  MerchantWindowLayout getMerchantWindowLayout();

  void setMerchantWindowLayout(MerchantWindowLayout value);

  @Description("State layout of the card sessions, same panes either way: AUTO (STATEFUL on the "
      + "FlinkRunner in streaming, WINDOWED elsewhere), WINDOWED (Beam's merging session windows, "
      + "every runner) or STATEFUL (each card's open sessions in one state cell and one timer; "
      + "FlinkRunner streaming only).")
  @Default.Enum("AUTO")
  CardSessionLayout getCardSessionLayout();

  void setCardSessionLayout(CardSessionLayout value);

  @Description("Inactivity gap that closes a card session, in minutes.")
  @Default.Integer(30)
  int getSessionGapMinutes();

  void setSessionGapMinutes(int value);

  @Description("How long windows and sessions accept late data after the watermark, in minutes.")
  @Default.Integer(10)
  int getAllowedLatenessMinutes();

  void setAllowedLatenessMinutes(int value);

  @Description("Return as soon as the runner has accepted the job instead of waiting for it to "
      + "finish: for submitting a streaming job to a cluster (./vigil submit sets it).")
  @Default.Boolean(false)
  boolean isSubmitOnly();

  void setSubmitOnly(boolean value);

  @Description("Compute the merchant windows and card sessions (written where --outputs says, and "
      + "to Cassandra when configured); false scores and decides only.")
  @Default.Boolean(true)
  boolean getSummaries();

  void setSummaries(boolean value);
}
