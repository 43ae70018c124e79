package dev.vigil.pipelines;

import dev.vigil.model.DeadLetter;
import dev.vigil.transforms.io.ReadTransactionsFromKafka;
import dev.vigil.transforms.io.WriteToKafka;
import dev.vigil.transforms.parse.TransactionJson;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.joda.time.Duration;

/** Turns {@link FraudDetectionOptions} into Vigil's Kafka transforms. */
final class KafkaSettings {
  private KafkaSettings() {}

  /** {@code --kafkaProperties=k=v,...} as a map; fails with what to fix on a malformed entry. */
  static Map<String, Object> properties(FraudDetectionOptions o) {
    Map<String, Object> props = new HashMap<>();
    List<String> entries = o.getKafkaProperties();
    if (entries != null) {
      for (String e : entries) {
        int eq = e.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              "--kafkaProperties entries must be key=value, got \"" + e + "\"");
        }
        props.put(e.substring(0, eq).trim(), e.substring(eq + 1).trim());
      }
    }
    return props;
  }

  /**
   * A dead letter's Kafka key: the {@code card_id} in its raw payload if one can be read, else its
   * source.
   */
  static String deadLetterKey(DeadLetter d) {
    String card = TransactionJson.peekCardId(d.getRaw());
    return card == null || card.isEmpty() ? d.getSource() : card;
  }

  static ReadTransactionsFromKafka read(FraudDetectionOptions o) {
    ReadTransactionsFromKafka read =
        ReadTransactionsFromKafka.from(o.getBootstrapServers(), o.getInputTopic())
            .withConsumerGroup(o.getConsumerGroup())
            .withConsumerProperties(properties(o))
            .withMaxOutOfOrderness(Duration.standardSeconds(o.getMaxOutOfOrdernessSeconds()));
    return o.getMaxReadRecords() > 0 ? read.withMaxNumRecords(o.getMaxReadRecords()) : read;
  }

  /** The labels topic, timestamped by labelled_at, in its own consumer group. */
  static ReadTransactionsFromKafka readLabels(FraudDetectionOptions o) {
    ReadTransactionsFromKafka read =
        ReadTransactionsFromKafka.from(o.getBootstrapServers(), o.getLabelsTopic())
            .withConsumerProperties(properties(o))
            .withTimeField("labelled_at")
            .withMaxOutOfOrderness(Duration.standardSeconds(o.getMaxOutOfOrdernessSeconds()));
    return o.getConsumerGroup() == null
        ? read
        : read.withConsumerGroup(o.getConsumerGroup() + "-labels");
  }

  static <T> WriteToKafka<T> write(
      FraudDetectionOptions o,
      String topic,
      SerializableFunction<T, String> format,
      SerializableFunction<T, String> key) {
    WriteToKafka<T> write =
        WriteToKafka.of(format, key)
            .to(o.getBootstrapServers(), topic)
            .withProducerProperties(properties(o));
    return o.getKafkaExactlyOnce()
        ? write.withExactlyOnce(1, o.getConsumerGroup() + "-" + topic)
        : write;
  }
}
