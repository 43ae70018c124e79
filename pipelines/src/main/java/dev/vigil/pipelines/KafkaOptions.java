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
      "Write Kafka outputs exactly once with Kafka transactions (runners with "
          + "checkpointing, e.g. Flink); otherwise at least once. Needs Kafka outputs.")
  @Default.Boolean(false)
  boolean getKafkaExactlyOnce();

  void setKafkaExactlyOnce(boolean value);
}
