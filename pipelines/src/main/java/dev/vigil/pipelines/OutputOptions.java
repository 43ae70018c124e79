package dev.vigil.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where each record kind goes: files, Kafka topics, Cassandra tables (see {@link Outputs}). */
@Description("Outputs: where each record kind goes")
public interface OutputOptions extends PipelineOptions {
  /** Which sinks get the records: JSON Lines files, Kafka topics or both. */
  enum Destinations {
    FILES,
    KAFKA,
    BOTH
  }

  @Description(
      "FILES (JSON Lines under --outputDir), KAFKA (a topic per record kind) or BOTH. "
          + "Applies to every record kind; Cassandra is added with --cassandraHosts.")
  @Default.Enum("FILES")
  Destinations getOutputs();

  void setOutputs(Destinations value);

  @Description(
      "Directory under which each record kind is written as JSON Lines: scored/, "
          + "alerts/, deadletter/, merchant_windows/, card_sessions/.")
  @Default.String("vigil-output")
  String getOutputDir();

  void setOutputDir(String value);

  @Description("Kafka topic for scored records (keyed by card_id).")
  @Default.String("scored")
  String getScoredTopic();

  void setScoredTopic(String value);

  @Description("Kafka topic for alerts (keyed by card_id).")
  @Default.String("alerts")
  String getAlertsTopic();

  void setAlertsTopic(String value);

  @Description(
      "Kafka topic for dead letters (keyed by the card_id in their payload when one "
          + "can be read, else by their source).")
  @Default.String("deadletter")
  String getDeadLetterTopic();

  void setDeadLetterTopic(String value);

  @Description(
      "Kafka topic for the sliding merchant windows (keyed by merchant_id); empty: not "
          + "written to Kafka. Create it before the job starts: a topic auto-created under a running "
          + "job fails its first writes.")
  @Default.String("")
  String getMerchantWindowsTopic();

  void setMerchantWindowsTopic(String value);

  @Description("Kafka topic for the card sessions (keyed by card_id); empty: not written to Kafka.")
  @Default.String("")
  String getCardSessionsTopic();

  void setCardSessionsTopic(String value);

  @Description(
      "Cassandra contact points (comma-separated); when set, scored transactions, "
          + "alerts, merchant windows and card sessions are also upserted into Cassandra (schema: "
          + "scripts/schema.cql).")
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
      "Cassandra client settings (a properties file): username, password, ssl.enabled,"
          + " ssl.truststore.location, ssl.truststore.password, ssl.truststore.type,"
          + " ssl.hostname.verification. Give secrets as references, ${file:PATH:KEY} or"
          + " ${env:NAME}: they are resolved where a connection is made, so no secret is in the"
          + " job (docs/security.md). The file must be readable on every worker.")
  String getCassandraPropertiesFile();

  void setCassandraPropertiesFile(String value);
}
