package dev.vigil.benchmarks.streaming;

import com.sun.management.OperatingSystemMXBean;
import dev.vigil.benchmarks.streaming.JobUnderTest.Io;
import dev.vigil.pipelines.FraudDetectionOptions;
import dev.vigil.pipelines.generate.TransactionGenerator;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./vigil bench streaming}: Vigil's streaming pipeline measured against a real Kafka on this
 * machine, each number taken the same way every time, written as tables to {@code
 * benchmarks/RESULTS.md} (or {@code --results=FILE}).
 *
 * <ol>
 *   <li>Ingestion ceiling: a plain consumer reading the pre-filled topic.
 *   <li>Throughput: Vigil on the FlinkRunner (in-process, streaming), the same with the summaries
 *       off, the native Flink peer on the same topic, and the DirectRunner for reference.
 *   <li>The shipped production config ({@link ShippedConfigRuns}): Kafka, Cassandra and files out,
 *       a replay beside the Kafka-only pipeline and live runs at rising rates, Cassandra rows
 *       checked against the topics.
 *   <li>Latency: produce-to-decision at fixed offered rates, Vigil and the native peer.
 *   <li>State and memory: a soak over many simulated days; checkpointed state per active card and
 *       the heap after GC over time.
 *   <li>Inference share: CPU per event in scoring (same batches, same model) over the pipeline's
 *       CPU per event.
 * </ol>
 */
public final class StreamingBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(StreamingBenchmark.class);

  public static void main(String[] argv) throws Exception {
    BenchSettings s = BenchSettings.parse(argv);
    Path root = Path.of("").toAbsolutePath();
    Path runs = root.resolve(".work/bench/runs");
    BenchKafka.deleteTree(runs); // checkpoints and files of earlier runs
    Path work = runs.resolve(UUID.randomUUID().toString().substring(0, 8));
    Files.createDirectories(work);
    Results results = new Results(s, String.join(" ", argv));
    int exit = 0;
    try (BenchKafka kafka = BenchKafka.start(root)) {
      new StreamingBenchmark(s, work, results, kafka.pidFile()).runAll();
      results.write();
      System.out.println(results.render());
      LOG.info("results written to {}", s.resultsFile());
    } catch (Exception e) {
      LOG.error("benchmark failed", e);
      exit = 1;
    }
    // Cancelled jobs' Kafka client threads may linger; the measurements are done.
    System.exit(exit);
  }

  private final BenchSettings s;
  private final Path work;
  private final Results results;
  private final Path kafkaPidFile;
  private final FraudDetectionOptions defaults =
      PipelineOptionsFactory.create().as(FraudDetectionOptions.class);

  private StreamingBenchmark(BenchSettings s, Path work, Results results, Path kafkaPidFile) {
    this.s = s;
    this.work = work;
    this.results = results;
    this.kafkaPidFile = kafkaPidFile;
  }

  private void runAll() throws Exception {
    String topic = "bench-in";
    BenchKafka.createTopics(s.partitions(), topic);
    List<String> lines = recent(11, s.events(), s.cards(), s.days(), 0.002);
    long valid = uniqueValid(lines);
    double produced = BenchKafka.fill(topic, lines);
    lines = null; // let the generator's strings go before the jobs run
    results.row(
        "setup",
        "topic filled",
        String.format(
            "%,d events (%,d valid), %d partitions, %s records/s produced",
            s.events(), valid, s.partitions(), Results.rate(produced)));

    double ceiling = BenchKafka.consumeAll(topic, s.events());
    results.ceiling(ceiling);

    if (s.runs("throughput")) {
      warmUp();
      if (s.throughputJobs().contains("whole")) {
        throughput(beamFlink(true, false, false), topic, valid);
      }
      if (s.throughputJobs().contains("whole-v1")) {
        throughput(beamFlink(true, false, false, s.v1ModelDir(), Results.WHOLE_V1), topic, valid);
      }
      if (s.throughputJobs().contains("gib")) {
        throughput(beamFlink(false, false, false), topic, valid);
      }
      if (s.throughputJobs().contains("bundle")) {
        throughput(beamFlink(false, false, true), topic, valid);
      }
      if (s.throughputJobs().contains("native")) {
        throughput(nativeFlink(false), topic, valid);
      }
    }
    if (s.runs("shipped")) {
      try (BenchCassandra cassandra = BenchCassandra.start(Path.of("").toAbsolutePath())) {
        ShippedConfigRuns shipped =
            new ShippedConfigRuns(
                s,
                work,
                results,
                cassandra,
                kafkaPidFile,
                JobUnderTest.shipped(
                    Results.shippedName(s), s.shippedConfig(), s.modelDir(), s.shippedArgs()));
        shipped.replay(beamFlink(true, false, false));
        shipped.live();
      }
    }
    if (s.runs("direct")) {
      String small = "bench-direct";
      BenchKafka.createTopics(s.partitions(), small);
      List<String> few = recent(12, s.directEvents(), Math.max(10, s.directEvents() / 20), 1, 0.0);
      BenchKafka.fill(small, few);
      throughput(
          JobUnderTest.beam(
              "Vigil on the DirectRunner",
              s.modelDir(),
              List.of(
                  "--runner=DirectRunner",
                  "--blockOnRun=false",
                  "--enforceImmutability=false",
                  "--enforceEncodability=false",
                  "--targetParallelism=" + s.parallelism())),
          small,
          few.size());
    }
    if (s.runs("latency")) {
      for (int rate : s.rates()) {
        if (s.latencyJobs().contains("gib")) {
          latency(beamFlink(false, true, false), rate);
        }
        if (s.latencyJobs().contains("bundle")) {
          latency(beamFlink(false, true, true), rate);
        }
        if (s.latencyJobs().contains("native")) {
          latency(nativeFlink(true), rate);
        }
      }
    }
    if (s.runs("soak")) {
      soak();
    }
    if (s.runs("inference")) {
      results.inferenceShare(
          InferenceShare.measure(s.modelDir(), defaults.getMaxBatchSize(), s.cards()));
    }
  }

  /**
   * Vigil on the in-process FlinkRunner; {@code lowLatency} adds the settings that cut latency;
   * {@code perBundle} scores in batches within each bundle ({@code --scoreBatching=PER_BUNDLE}: no
   * shuffle, no timers, the bundle bounds the wait) instead of {@code GroupIntoBatches}.
   */
  private JobUnderTest beamFlink(boolean summaries, boolean lowLatency, boolean perBundle)
      throws Exception {
    // Score and decide is compared with the native peer, which computes the nine v1 features.
    return beamFlink(
        summaries, lowLatency, perBundle, summaries ? s.modelDir() : s.v1ModelDir(), null);
  }

  /** As above with {@code model}, named {@code name} unless null. */
  private JobUnderTest beamFlink(
      boolean summaries, boolean lowLatency, boolean perBundle, Path model, String name)
      throws Exception {
    // Checkpoints to files: Flink's default in-memory checkpoint storage caps state at 5 MB, and a
    // failed checkpoint restarts the job (replaying outputs downstream of the last checkpoint).
    List<String> args =
        new ArrayList<>(
            List.of(
                "--runner=FlinkRunner",
                "--attachedMode=false",
                "--parallelism=" + s.parallelism(),
                "--checkpointingInterval="
                    + (lowLatency ? s.latencyCheckpointMillis() : s.checkpointMillis()),
                "--stateBackend=filesystem",
                "--stateBackendStoragePath=" + work.resolve("checkpoints").toUri(),
                "--fasterCopy=" + s.fasterCopy(),
                "--summaries=" + summaries,
                "--merchantWindowLayout=" + s.merchantWindowLayout(),
                "--cardSessionLayout=" + s.cardSessionLayout()));
    String jobName = perBundle ? Results.PER_BUNDLE_SCORE : Results.vigilFlinkName(summaries);
    if (lowLatency) {
      args.addAll(
          List.of(
              "--maxBundleTimeMills=" + s.latencyBundleMillis(),
              "--maxBundleSize=" + s.latencyBundleSize(),
              "--maxBatchWaitMillis=" + s.latencyBatchWaitMillis(),
              "--flinkConfDir=" + lowLatencyConf()));
      jobName = perBundle ? Results.PER_BUNDLE_LATENCY : Results.GIB_LATENCY;
    }
    args.add(
        "--scoreBatching="
            + (perBundle ? "PER_BUNDLE" : summaries ? "AUTO" : "GROUP_INTO_BATCHES"));
    args.addAll(s.vigilArgs());
    return JobUnderTest.beam(name == null ? jobName : name, model, args);
  }

  private JobUnderTest nativeFlink(boolean lowLatency) {
    return JobUnderTest.nativeFlink(
        s.v1ModelDir(),
        work.resolve("checkpoints").toUri().toString(),
        s.parallelism(),
        lowLatency ? s.latencyCheckpointMillis() : s.checkpointMillis(),
        defaults.getMaxBatchSize(),
        lowLatency ? s.latencyBatchWaitMillis() : defaults.getMaxBatchWaitMillis(),
        lowLatency ? s.latencyBufferMillis() : 100);
  }

  /** A Flink configuration directory with the network buffer timeout lowered for latency runs. */
  private Path lowLatencyConf() throws Exception {
    Path dir = work.resolve("flink-conf-low-latency");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("flink-conf.yaml"),
        "execution.buffer-timeout: " + s.latencyBufferMillis() + " ms\n");
    return dir;
  }

  /**
   * Before the throughput jobs, the two whole-pipeline jobs each drain a small topic of their own,
   * unmeasured, in this JVM: the JIT's first compilation of the runner, the coders and Kafka's
   * clients then falls on no measured job. (Without it the first job measured, the whole pipeline
   * with the shipped model, paid that cost alone and its ratio to the v1 job came out about 0.15
   * lower.)
   */
  private void warmUp() throws Exception {
    if (s.warmupEvents() <= 0) {
      return;
    }
    String topic = "bench-warmup";
    BenchKafka.createTopics(s.partitions(), topic);
    List<String> lines = recent(10, s.warmupEvents(), s.cards(), s.days(), 0.0);
    long valid = uniqueValid(lines);
    BenchKafka.fill(topic, lines);
    for (JobUnderTest job :
        List.of(
            beamFlink(true, false, false),
            beamFlink(true, false, false, s.v1ModelDir(), Results.WHOLE_V1))) {
      String tag = "warm-" + UUID.randomUUID().toString().substring(0, 6);
      Io io = Io.of(tag, topic, work);
      BenchKafka.createTopics(s.partitions(), io.outputs());
      LOG.info("warm-up (not measured): {} over {} events", job.name, valid);
      try (OutputWatcher scored = new OutputWatcher(io.scored(), null);
          AutoCloseable running = job.start(io)) {
        if (!scored.await(valid, Duration.ofSeconds(s.stallSeconds()))) {
          throw new IllegalStateException(
              "warm-up: " + job.name + " scored " + scored.distinct() + " of " + valid);
        }
      }
    }
    results.row(
        "setup",
        "warm-up",
        String.format(
            "the whole pipeline with each model drained %,d other events first, unmeasured, so"
                + " the JVM's first compilation falls on no measured job",
            s.warmupEvents()));
  }

  private void throughput(JobUnderTest job, String topic, long expected) throws Exception {
    String tag = "tp-" + UUID.randomUUID().toString().substring(0, 6);
    Io io = Io.of(tag, topic, work);
    BenchKafka.createTopics(s.partitions(), io.outputs());
    LOG.info("throughput: {} over {} events", job.name, expected);
    long cpu0 = processCpuNanos();
    long start = System.currentTimeMillis();
    try (OutputWatcher scored = new OutputWatcher(io.scored(), null);
        AutoCloseable running = job.start(io)) {
      boolean complete = scored.await(expected, Duration.ofSeconds(s.stallSeconds()));
      double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
      double wall = (scored.lastMillis() - start) / 1000.0;
      results.throughput(
          job.name,
          scored.distinct(),
          scored.count() - scored.distinct(),
          expected,
          complete,
          scored.steadyRate(),
          scored.count() / wall,
          cpuSeconds);
    }
  }

  private void latency(JobUnderTest job, int rate) throws Exception {
    String tag = "lat-" + rate + "-" + UUID.randomUUID().toString().substring(0, 6);
    String input = "in-" + tag;
    BenchKafka.createTopics(s.partitions(), input);
    Io io = Io.of(tag, input, work);
    BenchKafka.createTopics(s.partitions(), io.outputs());
    int n = rate * s.latencySeconds();
    int warm = rate * s.latencyWarmupSeconds();
    int first = Math.min(200, rate); // a few events to see the job up before the paced warm-up
    List<String> lines = lastDay(13 + rate, first + warm + n, s.cards());
    Map<String, Long> sent = new ConcurrentHashMap<>();
    LOG.info(
        "latency: {} at {} events/s for {} s after {} s of warm-up",
        job.name,
        rate,
        s.latencySeconds(),
        s.latencyWarmupSeconds());
    try (OutputWatcher scored = new OutputWatcher(io.scored(), sent);
        AutoCloseable running = job.start(io);
        KafkaProducer<String, String> producer = BenchKafka.producer(false)) {
      for (String line : lines.subList(0, first)) {
        producer.send(new ProducerRecord<>(input, BenchKafka.cardOf(line), line));
      }
      if (!scored.await(first, Duration.ofSeconds(120))) { // started, model loaded
        results.latency(job.name, rate, null);
        return;
      }
      // Warm-up at the offered rate (JIT, batch sizes, state), not measured; then the measured run.
      PacedSender.send(producer, input, lines.subList(first, first + warm), rate, null, false);
      long begin = System.nanoTime();
      PacedSender.send(
          producer, input, lines.subList(first + warm, first + warm + n), rate, sent, false);
      double offered = n / ((System.nanoTime() - begin) / 1e9);
      scored.await(first + warm + n, Duration.ofSeconds(30));
      long[] p = scored.latencyPercentiles();
      results.latency(job.name, rate, new double[] {offered, p[0], p[1], p[2], p[3], p[4]});
    }
  }

  /**
   * Several million events over many simulated days: checkpointed state per active card, heap after
   * GC.
   */
  private void soak() throws Exception {
    String tag = "soak-" + UUID.randomUUID().toString().substring(0, 6);
    String input = "in-" + tag;
    BenchKafka.createTopics(s.partitions(), input);
    int perDay = s.soakEvents() / s.soakDays();
    Instant base = Instant.now().minus(Duration.ofDays(s.soakDays()));
    Set<String> lastDayCards = new HashSet<>();
    long total = 0;
    for (int d = 0; d < s.soakDays(); d++) {
      String dayPrefix = "\"transaction_id\":\"tx-d" + d + "-";
      List<String> day =
          TransactionGenerator.builder()
              .seed(1000 + d)
              .transactions(perDay)
              .cards(s.soakCards())
              .days(1)
              .start(base.plus(Duration.ofDays(d)))
              .build()
              .lines()
              .stream()
              .map(
                  l ->
                      l.replace(
                          "\"transaction_id\":\"tx-", dayPrefix)) // ids restart per generator run
              .toList();
      BenchKafka.fill(input, day);
      total += uniqueValid(day);
      if (d == s.soakDays() - 1) {
        day.forEach(l -> lastDayCards.add(BenchKafka.cardOf(l)));
      }
    }
    Path checkpoints = work.resolve(tag + "-checkpoints");
    JobUnderTest job =
        JobUnderTest.beam(
            "Vigil on the FlinkRunner",
            s.modelDir(),
            List.of(
                "--runner=FlinkRunner",
                "--attachedMode=false",
                "--parallelism=" + s.parallelism(),
                "--checkpointingInterval=" + s.checkpointMillis(),
                "--summaries=false",
                "--fasterCopy=" + s.fasterCopy(),
                "--stateBackend=filesystem",
                "--stateBackendStoragePath=" + checkpoints.toUri()));
    Io io = Io.of(tag, input, work);
    BenchKafka.createTopics(s.partitions(), io.outputs());
    List<long[]> heap = new ArrayList<>(); // {events scored, heap used after GC}
    LOG.info("soak: {} events over {} days, {} cards", total, s.soakDays(), s.soakCards());
    // The job computes what it would in production minus the summaries, as in the latency runs.
    // Counts only: a set of millions of ids in this JVM would show up in the heap being measured.
    try (OutputWatcher scored = new OutputWatcher(io.scored(), null, false);
        AutoCloseable running = job.start(io)) {
      long next = 0;
      while (scored.distinct() < total) {
        Thread.sleep(1_000);
        if (scored.count() >= next) {
          heap.add(new long[] {scored.count(), heapAfterGc()});
          next = scored.count() + total / 8;
        }
        if (!scored.await(
            Math.min(total, scored.distinct() + 1), Duration.ofSeconds(s.stallSeconds()))) {
          break;
        }
      }
      heap.add(new long[] {scored.count(), heapAfterGc()});
      Thread.sleep(s.checkpointMillis() + 2_000); // a checkpoint taken after the last event
      long stateBytes = latestCheckpointBytes(checkpoints);
      results.soak(
          total,
          s.soakDays(),
          s.soakCards(),
          lastDayCards.size(),
          stateBytes,
          heap,
          scored.count());
    }
  }

  /** {@code transactions} generated lines over {@code cards} cards in the last day. */
  public static List<String> lastDay(long seed, int transactions, int cards) {
    return recent(seed, transactions, cards, 1, 0.0);
  }

  /**
   * {@code transactions} generated lines over {@code cards} cards in the {@code days} days before
   * now, a {@code malformedRate} share of them malformed.
   */
  static List<String> recent(
      long seed, int transactions, int cards, int days, double malformedRate) {
    return TransactionGenerator.builder()
        .seed(seed)
        .transactions(transactions)
        .cards(cards)
        .days(days)
        .start(Instant.now().minus(Duration.ofDays(days)))
        .malformedRate(malformedRate)
        .build()
        .lines();
  }

  /**
   * Valid generated lines with distinct transaction ids: what the pipeline scores (repeats are dead
   * letters).
   */
  public static long uniqueValid(List<String> lines) {
    Set<String> ids = new HashSet<>();
    for (String l : lines) {
      if (l.startsWith("{\"transaction_id\":\"tx-")) {
        ids.add(BenchKafka.transactionIdOf(l));
      }
    }
    return ids.size();
  }

  private static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Bytes of the newest completed checkpoint ({@code chk-N} directory) under {@code dir}. */
  private static long latestCheckpointBytes(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return -1;
    }
    Path newest = null;
    long newestId = -1;
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        String n = p.getFileName().toString();
        if (Files.isDirectory(p) && n.startsWith("chk-") && Files.exists(p.resolve("_metadata"))) {
          long id = Long.parseLong(n.substring(4));
          if (id > newestId) {
            newestId = id;
            newest = p;
          }
        }
      }
    }
    if (newest == null) {
      return -1;
    }
    // With the hashmap backend, state lives in the checkpoint's own files or its shared dir.
    Path shared = newest.getParent().resolve("shared");
    return bytesUnder(newest) + (Files.isDirectory(shared) ? bytesUnder(shared) : 0);
  }

  private static long bytesUnder(Path dir) throws Exception {
    long bytes = 0;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        bytes += Files.isRegularFile(f) ? Files.size(f) : 0;
      }
    }
    return bytes;
  }

  static long processCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
