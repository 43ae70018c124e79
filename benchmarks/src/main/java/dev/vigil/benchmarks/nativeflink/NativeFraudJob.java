package dev.vigil.benchmarks.nativeflink;

import dev.vigil.model.Alert;
import dev.vigil.model.CardFeatures;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.DeadLetterCoder;
import dev.vigil.model.DecidedTransaction;
import dev.vigil.model.DecidedTransactionCoder;
import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.FeaturedTransactionCoder;
import dev.vigil.model.Transaction;
import dev.vigil.model.TransactionCoder;
import dev.vigil.transforms.features.CardHistory;
import dev.vigil.transforms.io.JsonFormat;
import dev.vigil.transforms.parse.InvalidRecordException;
import dev.vigil.transforms.parse.TransactionJson;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Vigil's streaming work as a hand-written Flink 1.19 DataStream job, the peer a user would write
 * instead: Kafka in; the same parsing ({@link TransactionJson}); the nine features from the same
 * per-card state arithmetic ({@link CardHistory}) in keyed state with an event-time expiry timer;
 * the same SavedModel scored in batches ({@link BatchScoreOperator}); the same decisions; scored
 * records, alerts and dead letters to Kafka. Only the framework differs, which is the point of the
 * comparison ({@code ./vigil bench streaming}).
 */
public final class NativeFraudJob {
  static final OutputTag<DeadLetter> DEAD =
      new OutputTag<>("dead", TypeInformation.of(DeadLetter.class));

  /** What the job reads, writes and how it batches. */
  public record Settings(
      String bootstrapServers,
      String inputTopic,
      String consumerGroup,
      String scoredTopic,
      String alertsTopic,
      String deadLetterTopic,
      String modelDir,
      int maxBatchSize,
      long maxBatchWaitMillis,
      double reviewThreshold,
      double blockThreshold,
      long maxOutOfOrdernessSeconds) {}

  private NativeFraudJob() {}

  /** Adds the job's graph to {@code env}; run it with {@code env.executeAsync()}. */
  public static void build(StreamExecutionEnvironment env, Settings s) {
    env.getConfig().enableObjectReuse();
    env.getConfig()
        .registerTypeWithKryoSerializer(
            Transaction.class, new CoderKryoSerializer<>(TransactionCoder.of()));
    env.getConfig()
        .registerTypeWithKryoSerializer(
            FeaturedTransaction.class, new CoderKryoSerializer<>(FeaturedTransactionCoder.of()));
    env.getConfig()
        .registerTypeWithKryoSerializer(
            DecidedTransaction.class, new CoderKryoSerializer<>(DecidedTransactionCoder.of()));
    env.getConfig()
        .registerTypeWithKryoSerializer(
            DeadLetter.class, new CoderKryoSerializer<>(DeadLetterCoder.of()));

    KafkaSource<String> source =
        KafkaSource.<String>builder()
            .setBootstrapServers(s.bootstrapServers())
            .setTopics(s.inputTopic())
            .setGroupId(s.consumerGroup())
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setValueOnlyDeserializer(new SimpleStringSchema())
            .build();
    SingleOutputStreamOperator<Transaction> parsed =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "ReadTransactions")
            .process(new ParseFunction(s.inputTopic()))
            .name("ParseTransactions")
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<Transaction>forBoundedOutOfOrderness(
                        Duration.ofSeconds(s.maxOutOfOrdernessSeconds()))
                    .withTimestampAssigner((t, ts) -> t.getEventTimeMillis())
                    .withIdleness(Duration.ofSeconds(5)))
            .name("EventTime");
    SingleOutputStreamOperator<FeaturedTransaction> featured =
        parsed
            .keyBy(Transaction::getCardId)
            .process(new CardFeaturesFunction())
            .name("TrailingCardFeatures");
    SingleOutputStreamOperator<DecidedTransaction> decided =
        featured.transform(
            "ScoreAndDecide",
            TypeInformation.of(DecidedTransaction.class),
            new BatchScoreOperator(
                s.modelDir(),
                s.maxBatchSize(),
                s.maxBatchWaitMillis(),
                s.reviewThreshold(),
                s.blockThreshold()));

    decided
        .sinkTo(
            sink(
                s.bootstrapServers(),
                s.scoredTopic(),
                d -> d.getTransaction().getCardId(),
                JsonFormat::decided))
        .name("WriteScored");
    decided
        .filter(DecidedTransaction::isAlert)
        .map(Alert::of)
        .returns(Alert.class)
        .sinkTo(sink(s.bootstrapServers(), s.alertsTopic(), a -> a.getCardId(), JsonFormat::alert))
        .name("WriteAlerts");
    DataStream<DeadLetter> dead = parsed.getSideOutput(DEAD).union(featured.getSideOutput(DEAD));
    dead.sinkTo(
            sink(
                s.bootstrapServers(),
                s.deadLetterTopic(),
                DeadLetter::getSource,
                JsonFormat::deadLetter))
        .name("WriteDeadLetters");
  }

  interface Text<T> extends Serializable {
    String apply(T value);
  }

  private static <T> KafkaSink<T> sink(String servers, String topic, Text<T> key, Text<T> value) {
    KafkaRecordSerializationSchema<T> schema =
        (element, context, timestamp) ->
            new ProducerRecord<>(
                topic,
                key.apply(element).getBytes(StandardCharsets.UTF_8),
                value.apply(element).getBytes(StandardCharsets.UTF_8));
    return KafkaSink.<T>builder()
        .setBootstrapServers(servers)
        .setRecordSerializer(schema)
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }

  /**
   * JSON to {@link Transaction}; a bad record becomes a dead letter with its Kafka topic as source.
   */
  static final class ParseFunction extends ProcessFunction<String, Transaction> {
    private final String topic;
    private transient TransactionJson json;

    ParseFunction(String topic) {
      this.topic = topic;
    }

    @Override
    public void open(Configuration parameters) {
      json = new TransactionJson(TransactionJson.DEFAULT_MAX_RECORD_BYTES);
    }

    @Override
    public void processElement(String value, Context ctx, Collector<Transaction> out) {
      try {
        out.collect(json.parse(value));
      } catch (InvalidRecordException e) {
        ctx.output(DEAD, DeadLetter.of(value, e.getMessage(), "parse", "kafka:" + topic));
      }
    }
  }

  /**
   * The nine features from one card's trailing 24 h, in keyed state expired by an event-time timer.
   */
  static final class CardFeaturesFunction
      extends KeyedProcessFunction<String, Transaction, FeaturedTransaction> {
    private transient ValueState<CardHistory> history;

    @Override
    public void open(Configuration parameters) {
      history =
          getRuntimeContext().getState(new ValueStateDescriptor<>("history", CardHistory.class));
    }

    @Override
    public void processElement(Transaction txn, Context ctx, Collector<FeaturedTransaction> out)
        throws Exception {
      CardHistory held = history.value();
      if (held != null && held.contains(txn.getTransactionId())) {
        ctx.output(
            DEAD,
            DeadLetter.of(
                JsonFormat.transaction(txn),
                "duplicate transaction_id " + txn.getTransactionId(),
                "features",
                "card:" + txn.getCardId()));
        return;
      }
      CardHistory h =
          held == null ? new CardHistory() : held.copy(); // as Vigil's DoFn: never in place
      long oldExpiry = h.isEmpty() ? Long.MIN_VALUE : h.newestMillis() + CardHistory.DAY_MS;
      boolean late = h.hasLaterThan(txn);
      CardFeatures features = h.featuresFor(txn);
      h.add(txn);
      h.evictExpired();
      history.update(h);
      long expiry = h.newestMillis() + CardHistory.DAY_MS;
      if (expiry != oldExpiry) { // one expiry timer per card, as Beam's Timer.set keeps
        if (oldExpiry != Long.MIN_VALUE) {
          ctx.timerService().deleteEventTimeTimer(oldExpiry);
        }
        ctx.timerService().registerEventTimeTimer(expiry);
      }
      out.collect(FeaturedTransaction.of(txn, features, late));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeaturedTransaction> out)
        throws Exception {
      CardHistory h = history.value();
      if (h != null && h.newestMillis() + CardHistory.DAY_MS <= timestamp) {
        history.clear();
      }
    }
  }
}
