package dev.vigil.pipelines.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.pipelines.FraudDetectionOptions;
import dev.vigil.transforms.io.cassandra.CassandraSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the streaming tests share: producing to and reading back from the test Kafka ({@link
 * KafkaServer}), and counting rows in the test Cassandra ({@link CassandraServer}). Waits are
 * bounded by lack of progress, not by speed, so a slow machine gets more time while the job keeps
 * producing output, and a stalled job fails.
 */
public final class StreamingChecks {
  public static final Path SHIPPED_MODEL = ServerScript.ROOT.resolve("testdata/model");

  /**
   * The v1 model: nine card features, computed identically on every runner in streaming (v2's
   * merchant features wait for the watermark on Direct and Flink, but are computed on arrival on
   * Spark streaming, which has no timers).
   */
  public static final Path V1_MODEL = ServerScript.ROOT.resolve("testdata/model-v1");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** How long a wait may go without progress before it gives up. */
  private static final Duration STALL = Duration.ofSeconds(60);

  private StreamingChecks() {}

  /** Producer properties for the test Kafka: string keys and values, {@code acks=all}. */
  public static Properties producerProps() {
    Properties p = new Properties();
    p.put("bootstrap.servers", KafkaServer.BOOTSTRAP);
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    p.put("acks", "all");
    // One request in flight, no idempotence: a fresh topic's first batch that fails over to its
    // new leader is retried in order. (With idempotence, CI once lost a first batch of a new topic
    // after OUT_OF_ORDER_SEQUENCE errors, and the test blamed the pipeline.)
    p.put("enable.idempotence", "false");
    p.put("max.in.flight.requests.per.connection", "1");
    return p;
  }

  /** The line as JSON, or null when it is not JSON. */
  public static JsonNode parseOrNull(String line) {
    try {
      return MAPPER.readTree(line);
    } catch (Exception e) {
      return null;
    }
  }

  /** Creates topics on the test Kafka. */
  public static void createTopics(NewTopic... topics) throws Exception {
    List<String> created = CreateTopics.create(KafkaServer.BOOTSTRAP, List.of(topics));
    if (created.size() != topics.length) {
      throw new IllegalStateException("topics existed already: " + List.of(topics));
    }
  }

  /**
   * Sends {@code records} with a real producer ({@link #producerProps}) and waits for every one: a
   * record the broker did not take fails the test's setup, loudly.
   */
  public static void send(List<ProducerRecord<String, String>> records) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps())) {
      List<Future<RecordMetadata>> sends = new ArrayList<>();
      for (ProducerRecord<String, String> r : records) {
        sends.add(producer.send(r));
      }
      for (Future<RecordMetadata> f : sends) {
        f.get(60, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * What {@link #produce} sent: the valid transactions as JSON, and how many lines were malformed.
   */
  public record Produced(List<JsonNode> valid, int malformed) {}

  /**
   * Sends every line to {@code topic} with a real producer, keyed by card (so each card arrives in
   * order; malformed lines under the key "malformed"), and waits until all are acknowledged.
   */
  public static Produced produce(String topic, List<String> lines) throws Exception {
    List<JsonNode> valid = new ArrayList<>();
    int malformed = 0;
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    for (String line : lines) {
      JsonNode n = parseOrNull(line);
      boolean bad = isMalformed(n);
      if (bad) {
        malformed++;
      } else {
        valid.add(n);
      }
      records.add(new ProducerRecord<>(topic, bad ? "malformed" : n.get("card_id").asText(), line));
    }
    send(records);
    return new Produced(valid, malformed);
  }

  /**
   * Produces {@code lines} like {@link #produce} but paced at about {@code perSecond}, in 100 ms
   * steps, so that a job reading the topic has records in flight for that long (a restart test
   * stops it meanwhile).
   */
  public static void producePaced(String topic, List<String> lines, int perSecond)
      throws Exception {
    int step = Math.max(1, perSecond / 10);
    for (int i = 0; i < lines.size(); i += step) {
      produce(topic, lines.subList(i, Math.min(lines.size(), i + step)));
      Thread.sleep(100);
    }
  }

  /** Whether a generated line is one of the generator's malformed records. */
  public static boolean isMalformed(JsonNode n) {
    return n == null || !n.isObject() || n.path("transaction_id").asText().startsWith("bad-");
  }

  public static List<JsonNode> readUntil(String topic, int expected, Duration stall)
      throws Exception {
    return readUntil(topic, expected, stall, new Properties());
  }

  /**
   * Reads {@code topic} from the beginning until {@code expected} records have arrived (then 3 s
   * more, to catch duplicates), or until no new record has arrived for {@code stall}, or 10 min.
   */
  public static List<JsonNode> readUntil(
      String topic, int expected, Duration stall, Properties extra) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", KafkaServer.BOOTSTRAP);
    p.putAll(extra); // may name another cluster and its security settings
    p.put("key.deserializer", StringDeserializer.class.getName());
    p.put("value.deserializer", StringDeserializer.class.getName());
    List<JsonNode> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic)
          .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long cap = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      long stallDeadline = System.nanoTime() + stall.toNanos();
      long settleUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(Math.min(cap, stallDeadline), settleUntil)) {
        int before = out.size();
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          out.add(MAPPER.readTree(r.value()));
        }
        if (out.size() > before) {
          stallDeadline = System.nanoTime() + stall.toNanos();
        }
        if (out.size() >= expected && settleUntil == Long.MAX_VALUE) {
          settleUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos(); // catch duplicates
        }
      }
    }
    return out;
  }

  /** Rows in {@code keyspace.table} of the test Cassandra. */
  public static long count(String keyspace, String table) {
    return (Long)
        CassandraSchema.query(
                List.of(CassandraServer.HOST),
                CassandraServer.PORT,
                "SELECT count(*) FROM " + keyspace + "." + table)
            .get(0)
            .get(0);
  }

  /** Polls a table's row count until it reaches {@code expected} or stops growing for 60 s. */
  public static long countEventually(String keyspace, String table, long expected)
      throws InterruptedException {
    return eventually(() -> count(keyspace, table), n -> n, expected);
  }

  /**
   * Polls {@code read} every 500 ms until its {@code size} reaches {@code expected} or stops
   * growing for 60 s; returns the last value read.
   */
  public static <T> T eventually(Supplier<T> read, ToLongFunction<T> size, long expected)
      throws InterruptedException {
    return poll(
        read,
        v -> size.applyAsLong(v) >= expected,
        (before, now) -> size.applyAsLong(now) > size.applyAsLong(before));
  }

  /**
   * Polls {@code read} every 500 ms until {@code done} holds of what it returns or the value stops
   * changing for 60 s; returns the last value read. For outputs that are upserted pane by pane
   * (summary rows), where reaching the expected row count does not mean the last pane has landed.
   */
  public static <T> T eventuallyMatching(Supplier<T> read, Predicate<T> done)
      throws InterruptedException {
    return poll(read, done, (before, now) -> !now.equals(before));
  }

  /**
   * The wait both of the above share: polls every 500 ms (the servers are external, so there is
   * nothing to block on) until {@code done}, giving up once 60 s pass without {@code progressed}.
   */
  private static <T> T poll(Supplier<T> read, Predicate<T> done, BiPredicate<T, T> progressed)
      throws InterruptedException {
    long stallDeadline = System.nanoTime() + STALL.toNanos();
    T last = read.get();
    while (!done.test(last) && System.nanoTime() < stallDeadline) {
      Thread.sleep(500);
      T now = read.get();
      if (progressed.test(last, now)) {
        stallDeadline = System.nanoTime() + STALL.toNanos();
      }
      last = now;
    }
    return last;
  }

  /**
   * Cancels a streaming job and waits up to 30 s for it to end. A cancelled job may report its
   * cancellation as an exception (Spark rethrows the micro-batch it interrupted); that is logged,
   * not raised, since the test's checks are done by then.
   */
  public static void cancel(PipelineResult result) {
    try {
      result.cancel();
      result.waitUntilFinish(org.joda.time.Duration.standardSeconds(30));
    } catch (IOException | RuntimeException e) {
      System.err.println("[test] cancelled job reported: " + e);
    }
  }

  /**
   * A streaming fraud pipeline on the embedded FlinkRunner reading {@code input} and writing the
   * Kafka topics {@code scored-RUN}, {@code alerts-RUN}, {@code dead-RUN}, {@code windows-RUN} and
   * {@code sessions-RUN}, with its own labels and card-actions topics, the shipped model and short
   * scoring batches, as {@code runner-configs/flink-local-kafka.args} runs it without Cassandra and
   * files.
   */
  public static FraudDetectionOptions flinkKafkaPipeline(String run, String input) {
    return kafkaPipeline(
        run,
        input,
        "--runner=FlinkRunner",
        "--attachedMode=false",
        "--parallelism=2",
        "--checkpointingInterval=2000",
        "--fasterCopy=true");
  }

  /**
   * The same streaming pipeline on Spark's local streaming runner (micro-batches of 500 ms, as
   * {@code runner-configs/spark-local-kafka.args} runs it), checkpointing under {@code target}.
   */
  public static FraudDetectionOptions sparkKafkaPipeline(String run, String input) {
    return kafkaPipeline(
        run,
        input,
        "--runner=SparkRunner",
        "--streaming=true",
        "--sparkMaster=local[2]",
        "--batchIntervalMillis=500",
        "--checkpointDir=" + Path.of("target", "it-output", run + "-checkpoints").toAbsolutePath());
  }

  private static FraudDetectionOptions kafkaPipeline(
      String run, String input, String... runnerArgs) {
    List<String> args = new ArrayList<>(List.of(runnerArgs));
    args.addAll(
        List.of(
            "--source=KAFKA",
            "--outputs=KAFKA",
            "--bootstrapServers=" + KafkaServer.BOOTSTRAP,
            "--inputTopic=" + input,
            "--consumerGroup=vigil-" + run,
            "--scoredTopic=scored-" + run,
            "--alertsTopic=alerts-" + run,
            "--deadLetterTopic=dead-" + run,
            "--merchantWindowsTopic=windows-" + run,
            "--cardSessionsTopic=sessions-" + run,
            "--labelsTopic=labels-" + run,
            "--cardActionsTopic=card-actions-" + run,
            "--maxBatchWaitMillis=100",
            "--modelDir=" + SHIPPED_MODEL));
    return PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
        .as(FraudDetectionOptions.class);
  }
}
