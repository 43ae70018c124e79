package dev.vigil.benchmarks.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.benchmarks.streaming.BenchKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every record of a run's {@code scored} topic, read from the beginning on its own thread (through
 * broker outages: the consumer reconnects by itself): per transaction id, the distinct outcomes
 * seen (features, decision and the score to 6 decimals; not the {@code late} flag, which depends on
 * when the watermark passed), and when each id was first seen. Compared with a fault-free run's
 * ledger it gives the lost, duplicated and divergent counts.
 */
final class ScoredLedger implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScoredLedger.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final String topic;
  private final Map<String, Set<Outcome>> outcomes = new ConcurrentHashMap<>();
  private final AtomicLong records = new AtomicLong();
  private long[] firstSeen = new long[4096];
  private int distinct;
  private volatile boolean running = true;
  private final Thread thread;

  /** Reads {@code topic}; {@code readCommitted} for a transactional (exactly-once) sink. */
  ScoredLedger(String topic, boolean readCommitted) {
    this.topic = topic;
    Properties p = new Properties();
    p.put("bootstrap.servers", BenchKafka.BOOTSTRAP);
    p.put("key.deserializer", StringDeserializer.class.getName());
    p.put("value.deserializer", StringDeserializer.class.getName());
    p.put("max.poll.records", "5000");
    p.put("isolation.level", readCommitted ? "read_committed" : "read_uncommitted");
    this.thread = new Thread(() -> run(p), "ledger-" + topic);
    thread.setDaemon(true);
    thread.start();
  }

  private void run(Properties p) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      var parts =
          consumer.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      while (running) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          add(r.value());
        }
      }
    } catch (RuntimeException e) {
      LOG.error("reading {} failed", topic, e);
    }
  }

  private void add(String json) {
    records.incrementAndGet();
    try {
      JsonNode n = MAPPER.readTree(json);
      String id = n.get("transaction_id").asText();
      Set<Outcome> seen = outcomes.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet());
      if (seen.isEmpty()) {
        firstSeen(System.currentTimeMillis());
      }
      seen.add(Outcome.of(n));
    } catch (Exception e) {
      LOG.warn("unreadable scored record on {}: {}", topic, e.toString());
    }
  }

  /**
   * What a scored record says about its transaction: features and decision exactly, and the score,
   * equal within 1e-5 (the model's float arithmetic may differ in the last bits with the batch a
   * row was scored in); not the {@code late} flag, which depends on when the watermark passed.
   */
  record Outcome(String featuresAndDecision, double score) {
    static Outcome of(JsonNode scored) {
      return new Outcome(
          scored.get("features") + " " + scored.get("decision").asText(),
          scored.get("score").asDouble());
    }

    boolean sameAs(Outcome o) {
      return featuresAndDecision.equals(o.featuresAndDecision) && Math.abs(score - o.score) <= 1e-5;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Outcome other && featuresAndDecision.equals(other.featuresAndDecision);
    }

    @Override
    public int hashCode() {
      return featuresAndDecision.hashCode();
    }
  }

  private synchronized void firstSeen(long millis) {
    if (distinct == firstSeen.length) {
      firstSeen = Arrays.copyOf(firstSeen, distinct * 2);
    }
    firstSeen[distinct++] = millis;
  }

  long records() {
    return records.get();
  }

  long distinct() {
    return outcomes.size();
  }

  /** Distinct ids scored that start with {@code prefix}. */
  long distinctWithPrefix(String prefix) {
    return outcomes.keySet().stream().filter(id -> id.startsWith(prefix)).count();
  }

  /**
   * The longest stretch without a new transaction scored, from {@code fromMillis} on: {start, end}
   * in epoch milliseconds (the end is when decisions came again); null when none came after it.
   */
  synchronized long[] longestGapFrom(long fromMillis) {
    long[] longest = null;
    long previous = fromMillis;
    for (int i = 0; i < distinct; i++) {
      if (firstSeen[i] < fromMillis) {
        continue;
      }
      if (longest == null || firstSeen[i] - previous > longest[1] - longest[0]) {
        longest = new long[] {previous, firstSeen[i]};
      }
      previous = firstSeen[i];
    }
    return longest;
  }

  /**
   * Waits until {@code expected} distinct ids have arrived; false when no new one arrived for
   * {@code stall}.
   */
  boolean await(long expected, Duration stall) throws InterruptedException {
    long last = distinct();
    long deadline = System.nanoTime() + stall.toNanos();
    long lastLog = System.nanoTime();
    while (distinct() < expected) {
      if (System.nanoTime() > deadline) {
        LOG.warn("{}: no new transaction for {}, at {} of {}", topic, stall, distinct(), expected);
        return false;
      }
      Thread.sleep(100);
      long now = distinct();
      if (now > last) {
        last = now;
        deadline = System.nanoTime() + stall.toNanos();
      }
      if (System.nanoTime() - lastLog > 10_000_000_000L) {
        LOG.info("{}: {} of {} transactions scored", topic, now, expected);
        lastLog = System.nanoTime();
      }
    }
    return true;
  }

  /**
   * This run against the exact outcomes of its input ({@link BatchReference}): lost are the
   * reference's ids never scored here.
   */
  Counts compare(Map<String, Outcome> reference) {
    // Poison records are judged by the poison row's own criterion (a dead letter or scored): the
    // batch reference, unbounded in event time, scores one the stream rightly dead-letters.
    long lost =
        reference.keySet().stream()
            .filter(id -> !id.startsWith(FaultContext.POISON_PREFIX) && !outcomes.containsKey(id))
            .count();
    long divergent = 0;
    long nonIdentical = 0;
    long unexpected = 0;
    List<String> examples = new ArrayList<>();
    for (Map.Entry<String, Set<Outcome>> e : outcomes.entrySet()) {
      Outcome ref = reference.get(e.getKey());
      if (ref == null) {
        unexpected++;
        continue;
      }
      Set<Outcome> seen = e.getValue();
      if (seen.size() > 1 || !seen.iterator().next().sameAs(ref)) {
        divergent++;
        if (examples.size() < 20) {
          examples.add(e.getKey() + "\n  reference: " + ref + "\n  this run:  " + seen);
        }
      }
      if (seen.size() > 1) {
        nonIdentical++;
      }
    }
    return new Counts(
        records(),
        distinct(),
        lost,
        records() - distinct(),
        divergent,
        nonIdentical,
        unexpected,
        examples);
  }

  /**
   * One run's counts: scored records, distinct ids, lost (expected ids never scored), duplicated
   * (records minus distinct ids), divergent (ids with an outcome other than the reference's),
   * non-identical duplicates (ids with two different outcomes), unexpected (scored ids the
   * reference does not have), and up to 20 divergent ids with both outcomes.
   */
  record Counts(
      long records,
      long distinct,
      long lost,
      long duplicated,
      long divergent,
      long nonIdentical,
      long unexpected,
      List<String> divergentExamples) {
    @Override
    public String toString() {
      return String.format(
          "%,d records, %,d distinct, lost %,d, duplicated %,d, divergent %,d,"
              + " non-identical %,d, unexpected %,d",
          records, distinct, lost, duplicated, divergent, nonIdentical, unexpected);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5_000);
  }
}
