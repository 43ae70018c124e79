package dev.vigil.transforms.io;

import com.google.auto.value.AutoValue;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Writes records as JSON to a Kafka topic with {@link KafkaIO}, keyed (e.g. by {@code card_id}, so
 * a card's records stay in one partition, in order). Optionally exactly once ({@code withEOS}), on
 * runners that support it (Flink with checkpointing); otherwise at least once.
 *
 * <pre>{@code
 * decided.apply("WriteScoredToKafka",
 *     WriteToKafka.of(JsonFormat::decided, d -> d.getTransaction().getCardId())
 *         .to("broker:9092", "scored"));
 * }</pre>
 */
@AutoValue
public abstract class WriteToKafka<T> extends PTransform<PCollection<T>, PDone> {
  abstract SerializableFunction<T, String> format();

  abstract SerializableFunction<T, String> key();

  abstract @Nullable String bootstrapServers();

  abstract @Nullable String topic();

  abstract Map<String, Object> producerProperties();

  abstract int exactlyOnceShards();

  abstract @Nullable String exactlyOnceGroup();

  abstract Builder<T> toBuilder();

  @AutoValue.Builder
  abstract static class Builder<T> {
    abstract Builder<T> setFormat(SerializableFunction<T, String> format);

    abstract Builder<T> setKey(SerializableFunction<T, String> key);

    abstract Builder<T> setBootstrapServers(String bootstrapServers);

    abstract Builder<T> setTopic(String topic);

    abstract Builder<T> setProducerProperties(Map<String, Object> producerProperties);

    abstract Builder<T> setExactlyOnceShards(int exactlyOnceShards);

    abstract Builder<T> setExactlyOnceGroup(String exactlyOnceGroup);

    abstract WriteToKafka<T> build();
  }

  /**
   * Records encoded by {@code format}, keyed by {@code key}; at least once until {@link
   * #withExactlyOnce}.
   */
  public static <T> WriteToKafka<T> of(
      SerializableFunction<T, String> format, SerializableFunction<T, String> key) {
    if (format == null || key == null) {
      throw new IllegalArgumentException("format and key functions must not be null");
    }
    return new AutoValue_WriteToKafka.Builder<T>()
        .setFormat(format)
        .setKey(key)
        .setProducerProperties(Map.of())
        .setExactlyOnceShards(0)
        .build();
  }

  /** The cluster and topic to write to (required). */
  public WriteToKafka<T> to(String bootstrapServers, String topic) {
    if (bootstrapServers == null
        || bootstrapServers.isBlank()
        || topic == null
        || topic.isBlank()) {
      throw new IllegalArgumentException(
          "Kafka bootstrap servers and topic must be set, got " + bootstrapServers + " / " + topic);
    }
    return toBuilder().setBootstrapServers(bootstrapServers).setTopic(topic).build();
  }

  /**
   * The producer settings Vigil starts from, sized so that a broker restart or an outage of a few
   * minutes delays the sink instead of failing the job ({@code KafkaIO.write} alone sets {@code
   * retries=3}): every write acknowledged by all in-sync replicas, idempotent (a retried batch is
   * not written twice), retried until a 10-minute delivery timeout. {@link #withProducerProperties}
   * overrides any of them.
   */
  public static final Map<String, Object> DEFAULT_PRODUCER_PROPERTIES =
      Map.of(
          ProducerConfig.ACKS_CONFIG,
          "all",
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
          true,
          ProducerConfig.RETRIES_CONFIG,
          Integer.MAX_VALUE,
          ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
          5,
          ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
          600_000);

  /** Extra producer properties, e.g. security settings; they win over the defaults. */
  public WriteToKafka<T> withProducerProperties(Map<String, Object> properties) {
    return toBuilder().setProducerProperties(Map.copyOf(properties)).build();
  }

  /** Exactly-once delivery with Kafka transactions ({@code KafkaIO.Write.withEOS}). */
  public WriteToKafka<T> withExactlyOnce(int shards, String sinkGroupId) {
    if (shards < 1 || sinkGroupId == null || sinkGroupId.isBlank()) {
      throw new IllegalArgumentException("exactly-once needs shards >= 1 and a sink group id");
    }
    return toBuilder().setExactlyOnceShards(shards).setExactlyOnceGroup(sinkGroupId).build();
  }

  /** The producer settings of this write: the defaults, then the extra properties. */
  Map<String, Object> producerConfig() {
    Map<String, Object> config = new HashMap<>(DEFAULT_PRODUCER_PROPERTIES);
    config.putAll(producerProperties());
    return config;
  }

  /**
   * The extra properties a consumer also takes (security settings, config providers): what the
   * exactly-once sink's metadata consumer needs to reach a secured broker.
   */
  Map<String, Object> consumerSettings() {
    Set<String> consumerKeys = ConsumerConfig.configNames();
    Map<String, Object> settings = new HashMap<>();
    producerProperties()
        .forEach(
            (key, value) -> {
              if (consumerKeys.contains(key) || key.startsWith("config.providers")) {
                settings.put(key, value);
              }
            });
    return settings;
  }

  /**
   * Opens the exactly-once sink's metadata consumer. {@code KafkaIO.withEOS} reads its progress
   * (the sink group's committed offsets) with a consumer given only {@code bootstrap.servers}, the
   * group and the deserializers; this adds the client's own settings, so that a broker with
   * SASL/TLS accepts it. The settings hold references (e.g. {@code ${file:...}}), never secrets.
   */
  static final class MetadataConsumers
      implements SerializableFunction<Map<String, Object>, Consumer<byte[], byte[]>> {
    private static final long serialVersionUID = 1L;
    private final HashMap<String, Object> settings;

    MetadataConsumers(Map<String, Object> settings) {
      this.settings = new HashMap<>(settings);
    }

    @Override
    public Consumer<byte[], byte[]> apply(Map<String, Object> sinkConfig) {
      Map<String, Object> config = new HashMap<>(settings);
      config.putAll(sinkConfig);
      return new KafkaConsumer<>(config);
    }
  }

  @Override
  public PDone expand(PCollection<T> input) {
    if (topic() == null) {
      throw new IllegalStateException("WriteToKafka: call to(bootstrapServers, topic) first");
    }
    SerializableFunction<T, String> k = key();
    SerializableFunction<T, String> f = format();
    KafkaIO.Write<String, String> write =
        KafkaIO.<String, String>write()
            .withBootstrapServers(bootstrapServers())
            .withTopic(topic())
            .withKeySerializer(StringSerializer.class)
            .withValueSerializer(StringSerializer.class)
            .withProducerConfigUpdates(producerConfig());
    if (exactlyOnceShards() > 0) {
      write =
          write
              .withEOS(exactlyOnceShards(), exactlyOnceGroup())
              .withConsumerFactoryFn(new MetadataConsumers(consumerSettings()))
              .withProducerFactoryFn(new RecoveringTransactionalProducer.Factory());
    }
    return input
        .apply(
            "KeyAndEncode",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                .via((T record) -> KV.of(k.apply(record), f.apply(record))))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply("WriteKafka", write);
  }
}
