package dev.vigil.benchmarks.faults;

import dev.vigil.benchmarks.faults.ScoredLedger.Counts;
import dev.vigil.benchmarks.faults.ScoredLedger.Outcome;
import dev.vigil.benchmarks.streaming.BenchCassandra;
import dev.vigil.benchmarks.streaming.BenchKafka;
import dev.vigil.benchmarks.streaming.OutputWatcher;
import dev.vigil.benchmarks.streaming.PacedSender;
import dev.vigil.benchmarks.streaming.StreamingBenchmark;
import dev.vigil.benchmarks.streaming.TableWatchers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./vigil bench faults}: the streaming job as users submit it ({@code ./vigil submit
 * --config=runner-configs/flink-cluster.args}, checkpoints every 2 s) on a real Flink session
 * cluster with a real Kafka and Cassandra of the harness's own. Each {@link Fault} (the first a
 * control with none) is injected {@code --repeats} times right after a fresh completed checkpoint
 * while a live stream comes in at a steady rate (event time = send time); every run is counted
 * against the exact outcomes of its own input ({@link BatchReference}; see {@link RunResult}) and
 * written to {@code benchmarks/FAULTS.md}.
 */
public final class FaultBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(FaultBenchmark.class);
  private static final int PARTITIONS = 2;

  public static void main(String[] argv) throws Exception {
    FaultSettings s = FaultSettings.parse(argv);
    Path root = Path.of("").toAbsolutePath();
    Path runs = root.resolve(".work/bench/fault-runs");
    BenchKafka.deleteTree(runs);
    int exit = 0;
    List<RunResult> results = new ArrayList<>();
    Instant started = Instant.now();
    FaultReport report = new FaultReport(s, String.join(" ", argv), started, results);
    try (BenchKafka kafka = BenchKafka.start(root);
        BenchCassandra cassandra = BenchCassandra.start(root);
        BenchFlink flink = BenchFlink.start(root)) {
      new FaultBenchmark(s, root, runs, kafka, cassandra, flink).runAll(results, report);
    } catch (Exception e) {
      LOG.error("fault harness failed", e);
      exit = 1;
    }
    report.write();
    System.out.println(report.render());
    LOG.info("results written to {}", s.results());
    System.exit(exit);
  }

  private final FaultSettings s;
  private final Path root;
  private final Path work;
  private final BenchKafka kafka;
  private final BenchCassandra cassandra;
  private final BenchFlink flink;
  private final List<String> lines;

  private FaultBenchmark(
      FaultSettings s,
      Path root,
      Path work,
      BenchKafka kafka,
      BenchCassandra cassandra,
      BenchFlink flink) {
    this.s = s;
    this.root = root;
    this.work = work;
    this.kafka = kafka;
    this.cassandra = cassandra;
    this.flink = flink;
    this.lines = StreamingBenchmark.lastDay(15, s.events(), s.cards());
  }

  /** Runs the matrix; the report is written again after every run (a long run shows progress). */
  private void runAll(List<RunResult> results, FaultReport report) throws Exception {
    for (Fault fault : Fault.all()) {
      if (s.runs(fault.id())) {
        for (int attempt = 1; attempt <= s.repeats(); attempt++) {
          try {
            results.add(run(fault, attempt));
          } catch (Exception e) { // the row fails with the reason; the matrix goes on
            LOG.error("{} run {} failed", fault.id(), attempt, e);
            results.add(RunResult.failed(fault, attempt, e));
          }
          report.write();
        }
      }
    }
  }

  /** One run: fresh topics and keyspace, the job, the stream, the fault, the counts. */
  private RunResult run(Fault fault, int attempt) throws Exception {
    String id = fault.id();
    String tag = id + "-" + attempt + "-" + UUID.randomUUID().toString().substring(0, 6);
    String input = "in-" + tag;
    String scored = "scored-" + tag;
    String alerts = "alerts-" + tag;
    String dead = "dead-" + tag;
    String windows = "windows-" + tag;
    String sessions = "sessions-" + tag;
    String keyspace = ("f_" + tag).replaceAll("[^A-Za-z0-9]", "_");
    BenchKafka.createTopics(PARTITIONS, input, scored, alerts, dead, windows, sessions);
    cassandra.createKeyspace(keyspace);
    Path runWork = work.resolve(tag);
    Files.createDirectories(runWork);
    List<String> options =
        new ArrayList<>(
            List.of(
                "--bootstrapServers=" + BenchKafka.BOOTSTRAP,
                "--inputTopic=" + input,
                "--consumerGroup=group-" + tag,
                "--scoredTopic=" + scored,
                "--alertsTopic=" + alerts,
                "--deadLetterTopic=" + dead,
                "--merchantWindowsTopic=" + windows,
                "--cardSessionsTopic=" + sessions,
                "--cassandraHosts=" + BenchCassandra.HOST,
                "--cassandraPort=" + BenchCassandra.PORT,
                "--cassandraKeyspace=" + keyspace,
                "--modelDir=" + root.resolve("testdata/model"),
                "--outputDir=" + runWork.resolve("out"),
                "--checkpointingInterval=2000"));
    options.addAll(fault.options());
    FaultContext ctx =
        new FaultContext(root, flink, kafka, cassandra, tag, runWork, options, s.rate());
    boolean embedded = fault.where() == Fault.Where.EMBEDDED;
    if (!embedded) {
      flink.restart();
    }
    LOG.info("=== {} run {}: {} transactions at {}/s ===", id, attempt, s.events(), s.rate());
    try (ScoredLedger ledger = new ScoredLedger(scored, fault.exactlyOnce());
        TableWatchers tables = new TableWatchers(scored, alerts, windows, sessions, null);
        OutputWatcher deadLetters = new OutputWatcher(dead, null, false)) {
      if (embedded) {
        ctx.startEmbedded();
      } else {
        ctx.submit();
      }
      // A few transactions first, so that the stream proper meets a job that is already scoring
      // (start-up and the first model load take a minute on this machine).
      int warm = Math.max(20, lines.size() / 100);
      AtomicReference<Exception> sendFailure = new AtomicReference<>();
      send(input, lines.subList(0, warm), sendFailure);
      if (!ledger.await(1, Duration.ofSeconds(300))) {
        throw new IllegalStateException(id + " run " + attempt + ": no decision within 300 s");
      }
      Thread sender =
          new Thread(
              () -> send(input, lines.subList(warm, lines.size()), sendFailure), "send-" + tag);
      sender.start();
      String note = "";
      if (!ledger.await(warm + (s.events() - warm) / 3, Duration.ofSeconds(180))) {
        note = "output had not started when the fault was due; ";
      }
      boolean fresh = ctx.awaitFreshCheckpoint(Duration.ofSeconds(180));
      long faultBegin = System.currentTimeMillis();
      LOG.info("injecting {} (fresh checkpoint: {})", fault.title(), fresh);
      fault.injection().inject(ctx);
      long faultEnd = System.currentTimeMillis();
      long outage = faultEnd - faultBegin;
      LOG.info("{} injected; lasted {} ms", fault.id(), outage);
      sender.join();
      if (sendFailure.get() != null) {
        note += "sending failed: " + sendFailure.get() + "; ";
      }
      boolean complete =
          ledger.await(
              lines.size() + ctx.injectedTransactions(), Duration.ofSeconds(s.stallSeconds()));
      Thread.sleep(5_000); // a restart's replayed records still on their way
      long restarts = embedded ? -1 : flink.restarts(ctx.jobId());
      for (String n : ctx.notes()) {
        note += n + "; ";
      }
      // Recovery: when decisions came again after the longest stall from the fault on, counted
      // from the end of the fault (0 when they came again before it ended, e.g. on the other
      // TaskManager's slots).
      long[] gap = ledger.longestGapFrom(faultBegin);
      long recovery = gap == null ? -1 : Math.max(0, gap[1] - faultEnd);
      long stall = gap == null ? -1 : gap[1] - gap[0];
      TableWatchers.CassandraCheck rows = tables.settledCassandraRows(cassandra, keyspace);
      ctx.stopJob(); // its outputs are in; the reference gets the CPU
      Map<String, Outcome> reference =
          BatchReference.of(input, runWork, root.resolve("testdata/model"));
      Counts counts = ledger.compare(reference);
      if (!counts.divergentExamples().isEmpty()) {
        Path file = runWork.resolve("divergent.txt");
        Files.write(file, counts.divergentExamples());
        LOG.warn(
            "{} run {}: {} divergent ids, examples in {}", id, attempt, counts.divergent(), file);
      }
      RunResult r =
          new RunResult(
              fault,
              attempt,
              fresh,
              complete,
              counts,
              deadLetters.count(),
              ledger.distinctWithPrefix(FaultContext.POISON_PREFIX),
              rows,
              restarts,
              outage,
              stall,
              recovery,
              note.isEmpty() ? "" : note.substring(0, note.length() - 2));
      LOG.info(
          "{} run {}: {}, {} dead letters, {}, {} restarts, outage {} ms, stall {} ms, recovery {} ms"
              + " -> {}",
          id,
          attempt,
          counts,
          r.deadLetters(),
          rows.report(),
          restarts,
          outage,
          stall,
          recovery,
          r.passed() ? "PASS" : "FAIL");
      return r;
    } finally {
      ctx.stopJob();
      if (!embedded) {
        try {
          flink.keepLogs(runWork.resolve("flink-logs"));
        } catch (IOException e) {
          LOG.warn("could not keep the cluster's logs of {} run {}: {}", id, attempt, e.toString());
        }
      }
    }
  }

  /** Sends {@code part} at the steady rate, with a producer that outlasts a broker outage. */
  private void send(String topic, List<String> part, AtomicReference<Exception> failure) {
    try (KafkaProducer<String, String> producer = FaultContext.streamProducer()) {
      PacedSender.send(producer, topic, part, s.rate(), null, true);
      producer.flush();
    } catch (Exception e) {
      failure.set(e);
    }
  }
}
