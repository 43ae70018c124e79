package dev.vigil.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the pipeline's topics without a consumer group (as kafka-ui and AKHQ tail topics): alerts
 * and decisions from their start into the {@link AlertQueue}, decisions and dead letters into the
 * {@link LiveFigures}, merchant windows from their start into the {@link MerchantBoard}, the input
 * topic from its end (each transaction's produce time, for the produce-to-decision latency), and
 * the pipeline's consumer lag on its input topic every 5 s. Topics that do not exist yet are looked
 * for again every 5 s.
 */
final class KafkaFeeds implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaFeeds.class);

  private final ConsoleConfig config;
  private final AlertQueue queue;
  private final LiveFigures figures;
  private final CardActivity cards;
  private final MerchantBoard merchants;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private volatile long recordsRead;

  KafkaFeeds(
      ConsoleConfig config,
      AlertQueue queue,
      LiveFigures figures,
      CardActivity cards,
      MerchantBoard merchants) {
    this.config = config;
    this.queue = queue;
    this.figures = figures;
    this.cards = cards;
    this.merchants = merchants;
    this.thread = new Thread(this::run, "console-kafka-feeds");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  long recordsRead() {
    return recordsRead;
  }

  private void run() {
    Properties p = config.kafkaClient();
    p.put("key.deserializer", StringDeserializer.class.getName());
    p.put("value.deserializer", StringDeserializer.class.getName());
    p.put("enable.auto.commit", "false");
    // Looking for a topic must not create it (with the broker's defaults) before the pipeline does.
    p.put("allow.auto.create.topics", "false");
    p.put("max.poll.records", "5000");
    Set<String> wanted =
        Set.of(
            config.alertsTopic(),
            config.scoredTopic(),
            config.deadLetterTopic(),
            config.merchantWindowsTopic(),
            config.inputTopic());
    Set<String> tailed = Set.of(config.deadLetterTopic(), config.inputTopic());
    long nextLookup = 0;
    long nextLag = 0;
    List<TopicPartition> assigned = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
        Admin admin = Admin.create(config.kafkaClient())) {
      while (running.get()) {
        long now = System.currentTimeMillis();
        if (now >= nextLookup) {
          nextLookup = now + 5_000;
          List<TopicPartition> found = new ArrayList<>();
          for (String topic : wanted) {
            List<PartitionInfo> parts = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (parts != null) {
              parts.forEach(i -> found.add(new TopicPartition(topic, i.partition())));
            }
          }
          if (!found.equals(assigned) && found.size() > assigned.size()) {
            List<TopicPartition> added = new ArrayList<>(found);
            added.removeAll(assigned);
            consumer.assign(found);
            List<TopicPartition> fromStart = new ArrayList<>();
            List<TopicPartition> fromEnd = new ArrayList<>();
            for (TopicPartition tp : added) {
              (tailed.contains(tp.topic()) ? fromEnd : fromStart).add(tp);
            }
            consumer.seekToBeginning(fromStart);
            consumer.seekToEnd(fromEnd);
            assigned = found;
            LOG.info("reading {} partitions of {}", found.size(), wanted);
          }
        }
        if (now >= nextLag) {
          nextLag = now + 5_000;
          figures.consumerLag(lag(admin));
        }
        if (assigned.isEmpty()) {
          sleep(500);
          continue;
        }
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          recordsRead++;
          accept(r, System.currentTimeMillis());
        }
      }
    } catch (RuntimeException e) {
      if (running.get()) {
        LOG.error("the Kafka feeds stopped: {}", e.toString(), e);
      }
    }
  }

  private void accept(ConsumerRecord<String, String> r, long now) {
    if (r.topic().equals(config.deadLetterTopic())) {
      figures.deadLetter(r.timestamp(), now);
      return;
    }
    if (r.topic().equals(config.inputTopic())) {
      String id = transactionId(r.value());
      if (id != null) {
        figures.produced(id, r.timestamp());
      }
      return;
    }
    JsonNode n = r.value() == null ? null : Json.readObject(r.value());
    if (n == null) {
      return;
    }
    if (r.topic().equals(config.alertsTopic())) {
      queue.addAlert(n);
      figures.alert(r.timestamp(), now);
    } else if (r.topic().equals(config.merchantWindowsTopic())) {
      merchants.add(n);
    } else {
      figures.scored(n, r.timestamp(), now);
      cards.add(n);
      if (!"APPROVE".equals(n.path("decision").asText())) {
        queue.addScored(n);
      }
    }
  }

  /**
   * The {@code transaction_id} of a raw input record, found without parsing the whole record (the
   * input topic is read at the pipeline's rate); null when it has none or is not a plain string.
   */
  static String transactionId(String json) {
    if (json == null) {
      return null;
    }
    int key = json.indexOf("\"transaction_id\"");
    if (key < 0) {
      return null;
    }
    int colon = json.indexOf(':', key + 16);
    int open = colon < 0 ? -1 : json.indexOf('"', colon + 1);
    if (open < 0 || !json.substring(colon + 1, open).isBlank()) {
      return null;
    }
    int close = json.indexOf('"', open + 1);
    if (close < 0 || json.lastIndexOf('\\', close) > open) {
      return null; // escapes: not worth parsing here
    }
    return json.substring(open + 1, close);
  }

  /** The pipeline's consumer group's lag on its input topic, or -1 when unknown. */
  private long lag(Admin admin) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(config.consumerGroup())
              .partitionsToOffsetAndMetadata()
              .get(5, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      committed.keySet().stream()
          .filter(tp -> tp.topic().equals(config.inputTopic()))
          .forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      if (latest.isEmpty()) {
        return -1;
      }
      long lag = 0;
      for (var e : admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS).entrySet()) {
        lag += Math.max(0, e.getValue().offset() - committed.get(e.getKey()).offset());
      }
      return lag;
    } catch (Exception e) {
      return -1;
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(5_000);
  }
}
