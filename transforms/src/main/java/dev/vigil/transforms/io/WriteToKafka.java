package dev.vigil.transforms.io;

import java.util.Map;
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
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes records as JSON to a Kafka topic with {@link KafkaIO}, keyed (e.g. by {@code card_id}, so
 * a card's records stay in one partition, in order). Optionally exactly once ({@code withEOS}),
 * on runners that support it (Flink with checkpointing); otherwise at least once.
 *
 * <pre>{@code
 * decided.apply("WriteScoredToKafka",
 *     WriteToKafka.of(JsonFormat::decided, d -> d.getTransaction().getCardId())
 *         .to("broker:9092", "scored"));
 * }</pre>
 */
public final class WriteToKafka<T> extends PTransform<PCollection<T>, PDone> {
  private final SerializableFunction<T, String> format;
  private final SerializableFunction<T, String> key;
  private final String bootstrapServers;
  private final String topic;
  private final Map<String, Object> producerProperties;
  private final int exactlyOnceShards;
  private final String exactlyOnceGroup;

  private WriteToKafka(
      SerializableFunction<T, String> format, SerializableFunction<T, String> key, String bootstrapServers,
      String topic, Map<String, Object> producerProperties, int exactlyOnceShards, String exactlyOnceGroup) {
    this.format = format;
    this.key = key;
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.producerProperties = producerProperties;
    this.exactlyOnceShards = exactlyOnceShards;
    this.exactlyOnceGroup = exactlyOnceGroup;
  }

  public static <T> WriteToKafka<T> of(SerializableFunction<T, String> format, SerializableFunction<T, String> key) {
    if (format == null || key == null) {
      throw new IllegalArgumentException("format and key functions must not be null");
    }
    return new WriteToKafka<>(format, key, null, null, Map.of(), 0, null);
  }

  public WriteToKafka<T> to(String bootstrapServers, String topic) {
    if (bootstrapServers == null || bootstrapServers.isBlank() || topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("Kafka bootstrap servers and topic must be set, got "
          + bootstrapServers + " / " + topic);
    }
    return new WriteToKafka<>(format, key, bootstrapServers, topic, producerProperties, exactlyOnceShards, exactlyOnceGroup);
  }

  public WriteToKafka<T> withProducerProperties(Map<String, Object> properties) {
    return new WriteToKafka<>(format, key, bootstrapServers, topic, Map.copyOf(properties), exactlyOnceShards, exactlyOnceGroup);
  }

  /** Exactly-once delivery with Kafka transactions ({@code KafkaIO.Write.withEOS}). */
  public WriteToKafka<T> withExactlyOnce(int shards, String sinkGroupId) {
    if (shards < 1 || sinkGroupId == null || sinkGroupId.isBlank()) {
      throw new IllegalArgumentException("exactly-once needs shards >= 1 and a sink group id");
    }
    return new WriteToKafka<>(format, key, bootstrapServers, topic, producerProperties, shards, sinkGroupId);
  }

  @Override
  public PDone expand(PCollection<T> input) {
    if (topic == null) {
      throw new IllegalStateException("WriteToKafka: call to(bootstrapServers, topic) first");
    }
    SerializableFunction<T, String> k = key;
    SerializableFunction<T, String> f = format;
    KafkaIO.Write<String, String> write =
        KafkaIO.<String, String>write()
            .withBootstrapServers(bootstrapServers)
            .withTopic(topic)
            .withKeySerializer(StringSerializer.class)
            .withValueSerializer(StringSerializer.class)
            .withProducerConfigUpdates(producerProperties);
    if (exactlyOnceShards > 0) {
      write = write.withEOS(exactlyOnceShards, exactlyOnceGroup);
    }
    return input
        .apply("KeyAndEncode",
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                .via((T record) -> KV.of(k.apply(record), f.apply(record))))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply("WriteKafka", write);
  }
}
