package dev.vigil.pipelines;

import dev.vigil.model.DeadLetter;
import dev.vigil.pipelines.kafka.CreateTopics;
import dev.vigil.transforms.io.ReadJsonFromKafka;
import dev.vigil.transforms.io.WriteToKafka;
import dev.vigil.transforms.parse.TransactionJson;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns {@link FraudDetectionOptions} into Vigil's Kafka transforms. */
public final class KafkaSettings {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSettings.class);

  private KafkaSettings() {}

  /** {@code --kafkaProperties=k=v,...} as a map; fails with what to fix on a malformed entry. */
  public static Map<String, Object> properties(KafkaOptions o) {
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

  static ReadJsonFromKafka read(FraudDetectionOptions o) {
    ReadJsonFromKafka read =
        ReadJsonFromKafka.from(o.getBootstrapServers(), o.getInputTopic())
            .withConsumerGroup(o.getConsumerGroup())
            .withConsumerProperties(properties(o))
            .withMaxOutOfOrderness(Duration.standardSeconds(o.getMaxOutOfOrdernessSeconds()));
    return o.getMaxReadRecords() > 0 ? read.withMaxNumRecords(o.getMaxReadRecords()) : read;
  }

  /**
   * Creates {@code topic} (one partition) when the cluster does not have it: a v2 pipeline reads
   * the labels topic from its start, and KafkaIO refuses a topic without partitions, while labels
   * may not have been sent yet ({@link CreateTopics}, which also waits for its leader). Fails with
   * what to do when the topic can be neither found nor created (for example without the ACL to
   * create topics).
   */
  static void ensureTopic(FraudDetectionOptions o, String topic) {
    Map<String, Object> config = new HashMap<>(properties(o));
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.getBootstrapServers());
    try {
      if (!CreateTopics.create(config, List.of(new NewTopic(topic, 1, (short) 1))).isEmpty()) {
        LOG.info("created the Kafka topic '{}' (1 partition) for labels", topic);
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException(cannotEnsure(o, topic, e.getCause()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(cannotEnsure(o, topic, e), e);
    } catch (IllegalStateException e) { // no leader within 30 s
      throw new IllegalStateException(cannotEnsure(o, topic, e), e);
    }
  }

  private static String cannotEnsure(FraudDetectionOptions o, String topic, Throwable cause) {
    return "cannot find or create the labels topic '"
        + topic
        + "' on "
        + o.getBootstrapServers()
        + " ("
        + cause
        + "): create it, or pass --labelsTopic=<an existing topic> or --labelsFile";
  }

  /** The labels topic, timestamped by labelled_at, in its own consumer group. */
  static ReadJsonFromKafka readLabels(FraudDetectionOptions o) {
    ReadJsonFromKafka read =
        ReadJsonFromKafka.from(o.getBootstrapServers(), o.getLabelsTopic())
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
