package dev.vigil.benchmarks.streaming;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows an output topic on its own thread: counts records, keeps the first and last record
 * timestamps (the producer's create time, i.e. when the decision was written), and, given when each
 * transaction was sent, each record's produce-to-decision latency.
 */
public final class OutputWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputWatcher.class);
  private final String topic;
  private final Map<String, Long> sentMillis;
  private final AtomicLong count = new AtomicLong();
  private final Set<String> ids = ConcurrentHashMap.newKeySet();
  private volatile long firstMillis = -1;
  private volatile long lastMillis = -1;
  private long[] latencies = new long[1024];
  private long[] latencySentAt = new long[1024];
  private int latencyCount;
  private volatile boolean running = true;
  private final Thread thread;

  private final boolean trackIds;
  private final Function<String, String> idOf;

  /**
   * Watches {@code topic}; {@code sentMillis} (id to send time) may be null when latency is not
   * measured.
   */
  public OutputWatcher(String topic, Map<String, Long> sentMillis) {
    this(topic, sentMillis, true);
  }

  /**
   * As above; without {@code trackIds} no transaction id is kept (so the watcher's own memory stays
   * out of heap measurements) and {@link #distinct()} is the record count.
   */
  public OutputWatcher(String topic, Map<String, Long> sentMillis, boolean trackIds) {
    this(topic, sentMillis, trackIds, BenchKafka::transactionIdOf);
  }

  /**
   * Watches {@code topic} counting distinct keys as {@code idOf} reads them from each record (e.g.
   * a merchant window's merchant and start), for comparing with a Cassandra table's rows.
   */
  public static OutputWatcher keyed(String topic, Function<String, String> idOf) {
    return new OutputWatcher(topic, null, true, idOf);
  }

  private OutputWatcher(
      String topic, Map<String, Long> sentMillis, boolean trackIds, Function<String, String> idOf) {
    this.trackIds = trackIds;
    this.idOf = idOf;
    this.topic = topic;
    this.sentMillis = sentMillis;
    this.thread = new Thread(this::run, "watch-" + topic);
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try (KafkaConsumer<byte[], byte[]> consumer = BenchKafka.rawConsumer(topic)) {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (firstMillis < 0) {
            firstMillis = r.timestamp();
          }
          lastMillis = Math.max(lastMillis, r.timestamp());
          String id =
              trackIds || sentMillis != null ? idOf.apply(BenchKafka.utf8(r.value())) : null;
          if (trackIds && id != null) {
            ids.add(id);
          }
          if (sentMillis != null) {
            Long sent = sentMillis.get(id);
            if (sent != null) {
              addLatency(sent, r.timestamp() - sent);
              if (TRACE != null) {
                TRACE.println(topic + "," + sent + "," + (r.timestamp() - sent));
              }
            }
          }
          count.incrementAndGet();
        }
      }
    }
  }

  private static final PrintStream TRACE = traceFile();

  private static PrintStream traceFile() {
    String f = System.getProperty("vigil.latencyTrace");
    try {
      return f == null ? null : new PrintStream(new FileOutputStream(f, true), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private synchronized void addLatency(long sentAt, long millis) {
    if (latencyCount == latencies.length) {
      latencies = Arrays.copyOf(latencies, latencyCount * 2);
      latencySentAt = Arrays.copyOf(latencySentAt, latencyCount * 2);
    }
    latencySentAt[latencyCount] = sentAt;
    latencies[latencyCount++] = millis;
  }

  public long count() {
    return count.get();
  }

  /** Distinct transaction ids seen: {@link #count()} minus duplicates. */
  public long distinct() {
    return trackIds ? ids.size() : count();
  }

  /** Waits until {@code expected} records arrived; false when none arrived for {@code stall}. */
  public boolean await(long expected, Duration stall) throws InterruptedException {
    long lastSeen = distinct();
    long deadline = System.nanoTime() + stall.toNanos();
    long lastLog = System.nanoTime();
    while (distinct() < expected) {
      if (System.nanoTime() > deadline) {
        LOG.warn("{}: stalled at {} of {} records", topic, count(), expected);
        return false;
      }
      Thread.sleep(50);
      long now = distinct();
      if (now > lastSeen) {
        lastSeen = now;
        deadline = System.nanoTime() + stall.toNanos();
      }
      if (System.nanoTime() - lastLog > 5_000_000_000L) {
        LOG.info("{}: {} of {} records", topic, now, expected);
        lastLog = System.nanoTime();
      }
    }
    return true;
  }

  /** Records/s between the first and the last output record. */
  double steadyRate() {
    long span = lastMillis - firstMillis;
    return span <= 0 ? Double.NaN : (count() - 1) * 1000.0 / span;
  }

  public long lastMillis() {
    return lastMillis;
  }

  /** Latency percentiles in ms: p50, p99, p99.9, max; and the number measured. */
  synchronized long[] latencyPercentiles() {
    return percentiles(Arrays.copyOf(latencies, latencyCount));
  }

  /**
   * As {@link #latencyPercentiles()}, over the transactions sent from {@code fromMillis}
   * (inclusive) to {@code toMillis} (exclusive).
   */
  synchronized long[] latencyPercentiles(long fromMillis, long toMillis) {
    long[] kept = new long[latencyCount];
    int n = 0;
    for (int i = 0; i < latencyCount; i++) {
      if (latencySentAt[i] >= fromMillis && latencySentAt[i] < toMillis) {
        kept[n++] = latencies[i];
      }
    }
    return percentiles(Arrays.copyOf(kept, n));
  }

  private static long[] percentiles(long[] sorted) {
    Arrays.sort(sorted);
    if (sorted.length == 0) {
      return new long[] {-1, -1, -1, -1, 0};
    }
    return new long[] {
      at(sorted, 0.50),
      at(sorted, 0.99),
      at(sorted, 0.999),
      sorted[sorted.length - 1],
      sorted.length
    };
  }

  private static long at(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5_000);
  }
}
