package dev.vigil.benchmarks.streaming;

import dev.vigil.transforms.parse.TransactionJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark's own single-node Kafka (started and stopped by PID through {@code
 * scripts/kafka.sh}, on ports 29092/29093 with its data under {@code .work/bench}), and the
 * producer and consumer loops the benchmarks time.
 */
public final class BenchKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BenchKafka.class);
  public static final String BOOTSTRAP = "127.0.0.1:29092";
  private final Path root;

  private BenchKafka(Path root) {
    this.root = root;
  }

  /**
   * Starts the benchmark's broker on empty storage (a broker left running is stopped and its data
   * deleted first).
   */
  public static BenchKafka start(Path root) throws IOException, InterruptedException {
    BenchKafka kafka = new BenchKafka(root);
    kafka.script("stop"); // one left running by an interrupted run: not under its storage's feet
    deleteTree(root.resolve(".work/bench/kafka/data"));
    kafka.script("start");
    return kafka;
  }

  /** Deletes {@code dir} and everything under it, if it exists. */
  public static void deleteTree(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    script("stop");
  }

  /** The broker's PID file (written by {@code scripts/kafka.sh}). */
  public Path pidFile() {
    return root.resolve(".work/bench/kafka/kafka.pid");
  }

  /** Starts the broker again on its existing storage (after a stop or a crash). */
  public void startAgain() throws IOException, InterruptedException {
    script("start");
  }

  private void script(String command) throws IOException, InterruptedException {
    runScript(
        root,
        "kafka.sh",
        Map.of("KAFKA_PORT", "29092", "KAFKA_CONTROLLER_PORT", "29093", "KAFKA_HEAP", "1g"),
        command);
  }

  /**
   * Runs {@code scripts/<script> <command>} with {@code env} and the benchmark's work directory
   * ({@code .work/bench}); fails when it exits non-zero.
   */
  public static void runScript(Path root, String script, Map<String, String> env, String command)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder("bash", root.resolve("scripts").resolve(script).toString(), command)
            .inheritIO();
    pb.environment().putAll(env);
    pb.environment().put("VIGIL_WORK", root.resolve(".work/bench").toString());
    int exit = pb.start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException("scripts/" + script + " " + command + " exited with " + exit);
    }
  }

  public static void createTopics(int partitions, String... topics) throws Exception {
    try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
      List<NewTopic> list = new ArrayList<>();
      for (String t : topics) {
        list.add(new NewTopic(t, partitions, (short) 1));
      }
      admin.createTopics(list).all().get();
    }
  }

  public static KafkaProducer<String, String> producer(boolean throughput) {
    Properties p = new Properties();
    p.put("bootstrap.servers", BOOTSTRAP);
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    p.put("acks", "1");
    if (throughput) {
      p.put("linger.ms", "20");
      p.put("batch.size", String.valueOf(512 * 1024));
      p.put("buffer.memory", String.valueOf(256L * 1024 * 1024));
    } else {
      p.put("linger.ms", "0");
    }
    return new KafkaProducer<>(p);
  }

  /** Sends every line keyed by its card as fast as the broker takes them; returns records/s. */
  static double fill(String topic, List<String> lines) {
    long start = System.nanoTime();
    try (KafkaProducer<String, String> producer = producer(true)) {
      for (String line : lines) {
        producer.send(new ProducerRecord<>(topic, cardOf(line), line));
      }
      producer.flush();
    }
    return lines.size() / ((System.nanoTime() - start) / 1e9);
  }

  /** The Kafka key of a generated line: its card id (without parsing it), or "malformed". */
  public static String cardOf(String line) {
    String card = TransactionJson.peekCardId(line);
    return card == null ? "malformed" : card;
  }

  /** The transaction id in an output JSON record, or null. */
  public static String transactionIdOf(String json) {
    return stringField(json, "transaction_id");
  }

  /** The first string field {@code name} of a flat JSON record written by Vigil, or null. */
  public static String stringField(String json, String name) {
    String marker = "\"" + name + "\":\"";
    int i = json.indexOf(marker);
    if (i < 0) {
      return null;
    }
    int from = i + marker.length();
    return json.substring(from, json.indexOf('"', from));
  }

  /**
   * The ingestion ceiling: one plain consumer reading {@code expected} records of {@code topic}
   * from the beginning as strings (as KafkaIO's deserializer does); returns records/s.
   */
  static double consumeAll(String topic, long expected) {
    Properties p = new Properties();
    p.put("bootstrap.servers", BOOTSTRAP);
    p.put("key.deserializer", StringDeserializer.class.getName());
    p.put("value.deserializer", StringDeserializer.class.getName());
    p.put("max.poll.records", "5000");
    p.put("fetch.max.bytes", String.valueOf(64 * 1024 * 1024));
    p.put("max.partition.fetch.bytes", String.valueOf(16 * 1024 * 1024));
    long n = 0;
    long bytes = 0;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts = new ArrayList<>();
      consumer
          .partitionsFor(topic)
          .forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long start = System.nanoTime();
      while (n < expected) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          n++;
          bytes += r.value().length();
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      LOG.info(
          "ingestion: {} records ({} MB) in {} s", n, bytes >> 20, String.format("%.2f", seconds));
      return n / seconds;
    }
  }

  /** A consumer of raw bytes from the beginning of a topic, for {@link OutputWatcher}. */
  public static KafkaConsumer<byte[], byte[]> rawConsumer(String topic) {
    Properties p = new Properties();
    p.put("bootstrap.servers", BOOTSTRAP);
    p.put("key.deserializer", ByteArrayDeserializer.class.getName());
    p.put("value.deserializer", ByteArrayDeserializer.class.getName());
    p.put("max.poll.records", "5000");
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p);
    List<TopicPartition> parts = new ArrayList<>();
    consumer.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    return consumer;
  }

  public static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
