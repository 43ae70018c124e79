package dev.vigil.pipelines;

import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The Kafka cluster that input and outputs share. */
@Description("Kafka: the cluster that input and outputs share")
public interface KafkaOptions extends PipelineOptions {
  @Description("Kafka bootstrap servers.")
  @Default.String("127.0.0.1:9092")
  String getBootstrapServers();

  void setBootstrapServers(String value);

  @Description(
      "Extra Kafka client properties as key=value (consumer and producer), e.g. "
          + "security.protocol=SASL_SSL,sasl.mechanism=PLAIN")
  List<String> getKafkaProperties();

  void setKafkaProperties(List<String> value);

  @Description(
      "A Kafka client properties file (consumer, producer and admin), read where the job is built;"
          + " --kafkaProperties entries override it. Keep secrets out of it and out of every"
          + " option: reference them with Kafka's config providers, e.g. config.providers=file and"
          + " password=\"${file:/path/secrets.properties:kafka.password}\", which the clients"
          + " resolve where they run (docs/security.md). The secure local broker's is"
          + " .work/kafka-secure/secure/client.properties.")
  String getKafkaPropertiesFile();

  void setKafkaPropertiesFile(String value);

  @Description(
      "Write Kafka outputs exactly once with Kafka transactions (runners with "
          + "checkpointing, e.g. Flink); otherwise at least once. Needs Kafka outputs. On "
          + "Flink, Beam's sink makes a transaction of every record: tens of records a second "
          + "per topic, for thin streams.")
  @Default.Boolean(false)
  boolean getKafkaExactlyOnce();

  void setKafkaExactlyOnce(boolean value);
}
