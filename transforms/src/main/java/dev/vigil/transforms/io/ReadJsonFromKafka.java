package dev.vigil.transforms.io;

import com.google.auto.value.AutoValue;
import dev.vigil.model.RawRecord;
import dev.vigil.model.RawRecordCoder;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Reads JSON records (transactions, labels, sensor readings) from a Kafka topic with {@link
 * KafkaIO} into {@link RawRecord}s whose source is {@code kafka:<topic>/<partition>@<offset>}.
 *
 * <ul>
 *   <li>Timestamps are the records' {@code event_time}; the watermark trails the newest event time
 *       per partition by {@code maxOutOfOrderness}, and a partition with no backlog advances with
 *       processing time, so idle partitions do not hold the watermark back.
 *   <li>With a consumer group, offsets are committed when the runner finalizes a checkpoint, i.e.
 *       once everything read before it is durably processed; a restart resumes from there.
 *   <li>Consumer properties (security settings included) pass through {@link
 *       #withConsumerProperties}.
 * </ul>
 *
 * <pre>{@code
 * p.apply("ReadKafka", ReadJsonFromKafka.from("broker:9092", "transactions")
 *     .withConsumerGroup("vigil").withMaxOutOfOrderness(Duration.standardSeconds(30)));
 * }</pre>
 */
@AutoValue
public abstract class ReadJsonFromKafka extends PTransform<PBegin, PCollection<RawRecord>> {
  abstract String bootstrapServers();

  abstract String topic();

  abstract @Nullable String consumerGroup();

  abstract Map<String, Object> consumerProperties();

  abstract Duration maxOutOfOrderness();

  abstract long maxNumRecords();

  abstract @Nullable Duration maxReadTime();

  abstract String timeField();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setBootstrapServers(String bootstrapServers);

    abstract Builder setTopic(String topic);

    abstract Builder setConsumerGroup(@Nullable String consumerGroup);

    abstract Builder setConsumerProperties(Map<String, Object> consumerProperties);

    abstract Builder setMaxOutOfOrderness(Duration maxOutOfOrderness);

    abstract Builder setMaxNumRecords(long maxNumRecords);

    abstract Builder setMaxReadTime(@Nullable Duration maxReadTime);

    abstract Builder setTimeField(String timeField);

    abstract ReadJsonFromKafka build();
  }

  /**
   * Reads {@code topic} from {@code bootstrapServers}: no group, 30 s out-of-orderness, unbounded.
   */
  public static ReadJsonFromKafka from(String bootstrapServers, String topic) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException(
          "Kafka bootstrap servers must be set (e.g. --bootstrapServers=127.0.0.1:9092)");
    }
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException(
          "Kafka input topic must be set (e.g. --inputTopic=transactions)");
    }
    return new AutoValue_ReadJsonFromKafka.Builder()
        .setBootstrapServers(bootstrapServers)
        .setTopic(topic)
        .setConsumerProperties(Map.of())
        .setMaxOutOfOrderness(Duration.standardSeconds(30))
        .setMaxNumRecords(Long.MAX_VALUE)
        .setTimeField("event_time")
        .build();
  }

  /**
   * The top-level JSON field holding each record's time, for its timestamp and the watermark
   * (default {@code event_time}; label records use {@code labelled_at}).
   */
  public ReadJsonFromKafka withTimeField(String field) {
    if (field == null || field.isBlank()) {
      throw new IllegalArgumentException("time field must be set, got " + field);
    }
    return toBuilder().setTimeField(field).build();
  }

  /** Consumer group: offsets are committed on checkpoint finalization and resumed from. */
  public ReadJsonFromKafka withConsumerGroup(String group) {
    return toBuilder().setConsumerGroup(group).build();
  }

  /** Extra consumer properties, e.g. {@code security.protocol}, {@code sasl.jaas.config}. */
  public ReadJsonFromKafka withConsumerProperties(Map<String, Object> properties) {
    return toBuilder().setConsumerProperties(Map.copyOf(properties)).build();
  }

  /** How far event times may run behind the newest one per partition (the watermark's delay). */
  public ReadJsonFromKafka withMaxOutOfOrderness(Duration d) {
    if (d == null || d.getMillis() < 0) {
      throw new IllegalArgumentException("max out-of-orderness must be >= 0, got " + d);
    }
    return toBuilder().setMaxOutOfOrderness(d).build();
  }

  /** Stops after this many records (a bounded read, for backfills and tests). */
  public ReadJsonFromKafka withMaxNumRecords(long n) {
    return toBuilder().setMaxNumRecords(n).build();
  }

  /** Stops after reading for this long (a bounded read, for backfills and tests). */
  public ReadJsonFromKafka withMaxReadTime(Duration d) {
    return toBuilder().setMaxReadTime(d).build();
  }

  @Override
  public PCollection<RawRecord> expand(PBegin input) {
    String consumerGroup = consumerGroup();
    long maxNumRecords = maxNumRecords();
    Duration maxReadTime = maxReadTime();
    Map<String, Object> config = new HashMap<>(consumerProperties());
    config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    if (consumerGroup != null) {
      config.put(ConsumerConfig.GROUP_ID_CONFIG, consumerGroup);
    }
    Duration delay = maxOutOfOrderness();
    String timeField = timeField();
    KafkaIO.Read<String, String> read =
        KafkaIO.<String, String>read()
            .withBootstrapServers(bootstrapServers())
            .withTopic(topic())
            .withKeyDeserializer(StringDeserializer.class)
            .withValueDeserializer(StringDeserializer.class)
            .withConsumerConfigUpdates(config)
            .withTimestampPolicyFactory(
                (partition, previousWatermark) ->
                    new EventTimePolicy(new KafkaEventTime(timeField), delay, previousWatermark));
    if (consumerGroup != null) {
      read = read.commitOffsetsInFinalize();
    }
    if (maxNumRecords != Long.MAX_VALUE) {
      read = read.withMaxNumRecords(maxNumRecords);
    }
    if (maxReadTime != null) {
      read = read.withMaxReadTime(maxReadTime);
    }
    return input
        .apply("ReadKafka", read)
        .apply("ToRawRecords", ParDo.of(new ToRawRecordFn()))
        .setCoder(RawRecordCoder.of());
  }

  private static final class ToRawRecordFn extends DoFn<KafkaRecord<String, String>, RawRecord> {
    @ProcessElement
    public void process(@Element KafkaRecord<String, String> r, OutputReceiver<RawRecord> out) {
      String value = r.getKV().getValue();
      out.output(
          RawRecord.of(
              value == null ? "" : value,
              "kafka:" + r.getTopic() + "/" + r.getPartition() + "@" + r.getOffset()));
    }
  }
}
