package dev.vigil.benchmarks.streaming;

import dev.vigil.benchmarks.streaming.JobUnderTest.Io;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration the README tells users to run ({@code runner-configs/flink-local-kafka.args}:
 * Kafka in; Kafka, Cassandra and files out), measured as shipped: a replay of a backlog beside the
 * Kafka-only whole pipeline on the same topic, then live runs (event time = send time) at rising
 * offered rates until one is not sustained. Every run's Cassandra rows are counted and compared
 * with the distinct keys on its topics.
 */
final class ShippedConfigRuns {
  private static final Logger LOG = LoggerFactory.getLogger(ShippedConfigRuns.class);

  /** After the last send, how long every transaction has to be scored for a rate to count. */
  static final Duration DRAIN = Duration.ofSeconds(30);

  /** A rate is sustained only if the median latency of its last 10 s grew by at most this. */
  static final long MAX_MEDIAN_GROWTH_MILLIS = 1_000;

  /** The jobs run in this JVM. */
  private static final ProcessCpu JOB_CPU = ProcessCpu.self();

  private final BenchSettings s;
  private final Path work;
  private final Results results;
  private final BenchCassandra cassandra;
  private final JobUnderTest shipped;
  private final ProcessCpu cassandraCpu;
  private final ProcessCpu brokerCpu;

  ShippedConfigRuns(
      BenchSettings s,
      Path work,
      Results results,
      BenchCassandra cassandra,
      Path kafkaPidFile,
      JobUnderTest shipped) {
    this.s = s;
    this.cassandraCpu = ProcessCpu.of(cassandra.pidFile());
    this.brokerCpu = ProcessCpu.of(kafkaPidFile);
    this.work = work;
    this.results = results;
    this.cassandra = cassandra;
    this.shipped = shipped;
  }

  /**
   * A backlog of {@code --shippedEvents} transactions, drained by the Kafka-only whole pipeline and
   * then by the shipped config (rows in the shipped table, and their ratio).
   */
  void replay(JobUnderTest kafkaOnly) throws Exception {
    String topic = "bench-shipped";
    BenchKafka.createTopics(s.partitions(), topic);
    List<String> lines = StreamingBenchmark.recent(14, s.shippedEvents(), s.cards(), 1, 0.002);
    long valid = StreamingBenchmark.uniqueValid(lines);
    BenchKafka.fill(topic, lines);
    for (JobUnderTest job : List.of(kafkaOnly, shipped)) {
      boolean withCassandra = job == shipped;
      String tag = "shr-" + UUID.randomUUID().toString().substring(0, 6);
      Io io = Io.of(tag, topic, work);
      BenchKafka.createTopics(s.partitions(), io.outputs());
      if (withCassandra) {
        cassandra.createKeyspace(io.keyspace());
      }
      LOG.info("shipped replay: {} over {} events", job.name, valid);
      long start = System.currentTimeMillis();
      try (TableWatchers w = TableWatchers.of(io, null);
          AutoCloseable running = job.start(io)) {
        // CPU from the first decision on: start-up (graph, JIT, model load) is not per event.
        w.scored.await(1, Duration.ofSeconds(s.stallSeconds()));
        long before = w.scored.distinct();
        CpuTimes cpu = cpuNow();
        boolean complete = w.scored.await(valid, Duration.ofSeconds(s.stallSeconds()));
        String cpuPerEvent = cpuNow().perEventSince(cpu, w.scored.distinct() - before);
        TableWatchers.CassandraCheck rows =
            withCassandra ? w.settledCassandraRows(cassandra, io.keyspace()) : null;
        results.shippedReplay(
            job.name,
            w.scored.distinct(),
            w.scored.count() - w.scored.distinct(),
            valid,
            complete,
            w.scored.steadyRate(),
            w.scored.count() / ((w.scored.lastMillis() - start) / 1000.0),
            cpuPerEvent,
            rows);
      }
    }
  }

  /**
   * Live runs at each of {@code --shippedRates} in rising order, each on a fresh job, topics and
   * keyspace: warm-up, then {@code --shippedSeconds} measured; stops after the first rate that is
   * not sustained.
   */
  void live() throws Exception {
    List<Integer> rates = new ArrayList<>(s.shippedRates());
    rates.sort(Integer::compare);
    for (int i = 0; i < rates.size(); i++) {
      if (!liveRun(rates.get(i))) {
        for (int rate : rates.subList(i + 1, rates.size())) {
          results.shippedLiveSkipped(rate, rates.get(i));
        }
        return;
      }
    }
  }

  /** One live run at {@code rate}; true when the rate was sustained. */
  private boolean liveRun(int rate) throws Exception {
    String tag = "shl-" + rate + "-" + UUID.randomUUID().toString().substring(0, 6);
    String input = "in-" + tag;
    BenchKafka.createTopics(s.partitions(), input);
    Io io = Io.of(tag, input, work);
    BenchKafka.createTopics(s.partitions(), io.outputs());
    cassandra.createKeyspace(io.keyspace());
    int n = rate * s.shippedSeconds();
    int warm = rate * s.shippedWarmupSeconds();
    int first = Math.min(200, rate);
    List<String> lines =
        StreamingBenchmark.lastDay(
            15 + rate, first + warm + n, liveCards(s.cards(), first + warm + n));
    long expected = StreamingBenchmark.uniqueValid(lines);
    Map<String, Long> sent = new ConcurrentHashMap<>();
    LOG.info(
        "shipped live: {} events/s for {} s after {} s of warm-up",
        rate,
        s.shippedSeconds(),
        s.shippedWarmupSeconds());
    try (TableWatchers w = TableWatchers.of(io, sent);
        AutoCloseable running = shipped.start(io);
        KafkaProducer<String, String> producer = BenchKafka.producer(false)) {
      long now = System.currentTimeMillis();
      for (String line : lines.subList(0, first)) {
        String live = PacedSender.withEventTime(line, now);
        producer.send(new ProducerRecord<>(input, BenchKafka.cardOf(live), live));
      }
      if (!w.scored.await(first, Duration.ofSeconds(180))) { // started, model loaded
        results.shippedLive(rate, Double.NaN, null, null, null, 0, 0, false, null);
        return false;
      }
      PacedSender.send(producer, input, lines.subList(first, first + warm), rate, null, true);
      long begin = System.currentTimeMillis();
      long beginNanos = System.nanoTime();
      PacedSender.send(
          producer, input, lines.subList(first + warm, lines.size()), rate, sent, true);
      long end = System.currentTimeMillis();
      double offered = n / ((System.nanoTime() - beginNanos) / 1e9);
      boolean drained = awaitUntil(w.scored, expected, end + DRAIN.toMillis());
      long[] all = w.scored.latencyPercentiles();
      long[] head = w.scored.latencyPercentiles(begin, begin + 10_000);
      long[] tail = w.scored.latencyPercentiles(end - 10_000, end + 1);
      boolean sustained =
          drained
              && offered >= 0.95 * rate
              && head[4] > 0
              && tail[4] > 0
              && tail[0] <= head[0] + MAX_MEDIAN_GROWTH_MILLIS;
      TableWatchers.CassandraCheck rows =
          drained ? w.settledCassandraRows(cassandra, io.keyspace()) : null;
      results.shippedLive(
          rate, offered, all, head, tail, w.scored.distinct(), expected, sustained, rows);
      return sustained;
    }
  }

  /**
   * The cards of a live run: {@code --cards}, or more so that a card pays about twice in the run.
   * The generator spreads each card's day over the run; with a fixed number of cards a card would
   * pay faster as the rate rises (20,000 cards at 5,000/s: every 4 s), which the features rightly
   * read as card testing, so most of the stream would alert, unlike any issuer's traffic.
   */
  static int liveCards(int cards, int transactions) {
    return Math.max(cards, transactions / 2);
  }

  /** Waits until {@code expected} distinct records arrived or {@code deadlineMillis} passed. */
  private static boolean awaitUntil(OutputWatcher w, long expected, long deadlineMillis)
      throws InterruptedException {
    while (w.distinct() < expected) {
      if (System.currentTimeMillis() > deadlineMillis) {
        return false;
      }
      Thread.sleep(100);
    }
    return true;
  }

  private CpuTimes cpuNow() {
    return new CpuTimes(JOB_CPU.nanos(), cassandraCpu.nanos(), brokerCpu.nanos());
  }

  /** CPU time used so far by the job's JVM (the benchmark's), Cassandra and the broker. */
  private record CpuTimes(long jobNanos, long cassandraNanos, long brokerNanos) {
    /** CPU µs per transaction since {@code start}, as "job / Cassandra / broker". */
    String perEventSince(CpuTimes start, long events) {
      double micros = 1_000.0 * Math.max(1, events);
      return String.format(
          Locale.ROOT,
          "%,.0f / %,.0f / %,.0f",
          (jobNanos - start.jobNanos) / micros,
          (cassandraNanos - start.cassandraNanos) / micros,
          (brokerNanos - start.brokerNanos) / micros);
    }
  }
}
