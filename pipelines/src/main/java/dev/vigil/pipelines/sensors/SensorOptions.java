package dev.vigil.pipelines.sensors;

import dev.vigil.pipelines.KafkaOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the sensor pipeline ({@link SensorPipeline}, {@code ./vigil demo sensors}). */
@Description("The sensor anomaly pipeline")
public interface SensorOptions extends KafkaOptions {
  /** Where readings come from. */
  enum Source {
    FILE,
    KAFKA
  }

  /** Which sinks get the scored windows, anomalies and dead letters. */
  enum Destinations {
    FILES,
    KAFKA,
    BOTH
  }

  @Description("Input: FILE (--inputFile) or KAFKA (--bootstrapServers, --inputTopic).")
  @Default.Enum("FILE")
  Source getSource();

  void setSource(Source value);

  @Description("JSON Lines file or glob of readings; with --source=FILE.")
  String getInputFile();

  void setInputFile(String value);

  @Description("Kafka topic of readings (JSON values); with --source=KAFKA.")
  @Default.String("temperature_data")
  String getInputTopic();

  void setInputTopic(String value);

  @Description("Kafka consumer group; offsets are committed when checkpoints finalize.")
  @Default.String("vigil-sensors")
  String getConsumerGroup();

  void setConsumerGroup(String value);

  @Description("How far reading times may run behind the newest one per partition, in seconds.")
  @Default.Long(30)
  long getMaxOutOfOrdernessSeconds();

  void setMaxOutOfOrdernessSeconds(long value);

  @Description("Stop reading Kafka after this many records (0: never, a stream).")
  @Default.Long(0)
  long getMaxReadRecords();

  void setMaxReadRecords(long value);

  @Description(
      "The anomaly model: an ONNX file, or a base directory of numbered versions "
          + "(<dir>/<n>/model.onnx, hot-reloaded). Input: the window features; output: the "
          + "probabilities of normal, spike, drift, stuck, dropout.")
  @Default.String("testdata/inference/sensors/sensor_anomaly.onnx")
  String getModel();

  void setModel(String value);

  @Description("Sliding window length in minutes.")
  @Default.Integer(10)
  int getWindowMinutes();

  void setWindowMinutes(int value);

  @Description("A new window starts every this many minutes.")
  @Default.Integer(1)
  int getWindowEveryMinutes();

  void setWindowEveryMinutes(int value);

  @Description("Late readings update their windows for this many minutes after a window's end.")
  @Default.Integer(10)
  int getAllowedLatenessMinutes();

  void setAllowedLatenessMinutes(int value);

  @Description("A window is an anomaly when 1 - P(normal) reaches this.")
  @Default.Double(0.5)
  double getAnomalyThreshold();

  void setAnomalyThreshold(double value);

  @Description("FILES (under --outputDir), KAFKA (--anomaliesTopic, --deadLetterTopic) or BOTH.")
  @Default.Enum("FILES")
  Destinations getOutputs();

  void setOutputs(Destinations value);

  @Description("Directory for windows/, anomalies/ and deadletter/ as JSON Lines.")
  @Default.String("vigil-sensors-output")
  String getOutputDir();

  void setOutputDir(String value);

  @Description("Kafka topic for anomalous windows (keyed by sensor_id).")
  @Default.String("sensor_anomalies")
  String getAnomaliesTopic();

  void setAnomaliesTopic(String value);

  @Description("Kafka topic for dead letters (keyed by their source).")
  @Default.String("sensor_deadletter")
  String getDeadLetterTopic();

  void setDeadLetterTopic(String value);

  @Description(
      "Cassandra contact points (comma-separated); when set, anomalies are upserted into "
          + "sensor_anomalies (scripts/schema.cql).")
  @Default.String("")
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

  @Description(
      "Cassandra client settings (a properties file: credentials and TLS, secrets as"
          + " ${file:PATH:KEY} references), as the fraud pipeline's --cassandraPropertiesFile.")
  String getCassandraPropertiesFile();

  void setCassandraPropertiesFile(String value);
}
