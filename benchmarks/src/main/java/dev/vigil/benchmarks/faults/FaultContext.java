package dev.vigil.benchmarks.faults;

import dev.vigil.benchmarks.streaming.BenchCassandra;
import dev.vigil.benchmarks.streaming.BenchKafka;
import dev.vigil.pipelines.ResumeFromCheckpoint;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the fault harness: its topics, keyspace and job (on the session cluster or as an
 * embedded {@code ./vigil run} process), and the operations a {@link Fault} uses on them.
 */
final class FaultContext {
  private static final Logger LOG = LoggerFactory.getLogger(FaultContext.class);

  /** The transaction ids of the poison records that have one start with this. */
  static final String POISON_PREFIX = "poison-";

  /** How many poison records {@link #sendPoison} sends. */
  static final int POISON_RECORDS = 9;

  /** The one card (at its own merchant) that {@link #floodOneCard} sends. */
  static final String FLOOD_CARD = "card-flood";

  private final Path root;
  private final BenchFlink flink;
  private final BenchKafka kafka;
  private final BenchCassandra cassandra;
  private final String tag;
  private final Path work;
  private final List<String> jobOptions;
  private final int rate;
  private String jobId;
  private Process embedded;
  private int submissions;
  private int injectedTransactions;

  FaultContext(
      Path root,
      BenchFlink flink,
      BenchKafka kafka,
      BenchCassandra cassandra,
      String tag,
      Path work,
      List<String> jobOptions,
      int rate) {
    this.root = root;
    this.flink = flink;
    this.kafka = kafka;
    this.cassandra = cassandra;
    this.tag = tag;
    this.work = work;
    this.jobOptions = jobOptions;
    this.rate = rate;
  }

  /** The stream's rate, transactions per second. */
  int rate() {
    return rate;
  }

  BenchFlink flink() {
    return flink;
  }

  BenchKafka kafka() {
    return kafka;
  }

  BenchCassandra cassandra() {
    return cassandra;
  }

  /** The cluster job's current id (a resubmission changes it); null for an embedded run. */
  String jobId() {
    return jobId;
  }

  String jobName() {
    return "vigil-fault-" + tag;
  }

  /** Submits the job to the session cluster and waits until it runs. */
  void submit() throws Exception {
    submit(List.of());
  }

  /** Submits the job again, restoring {@code checkpoint} (a retained checkpoint or savepoint). */
  void resubmitFrom(Path checkpoint) throws Exception {
    LOG.info("resubmitting {} from {}", jobName(), checkpoint);
    submit(List.of("--resumeFrom=" + checkpoint));
    note("restarts of the resubmitted job");
  }

  private void submit(List<String> more) throws Exception {
    jobId = submitAs(jobName(), more);
  }

  /** {@code ./vigil submit} of the run's job under {@code name}; returns its id once it runs. */
  private String submitAs(String name, List<String> more) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "bash",
                root.resolve("vigil").toString(),
                "submit",
                "--config=runner-configs/flink-cluster.args",
                "--flinkMaster=" + BenchFlink.MASTER,
                "--jobName=" + name));
    command.addAll(jobOptions);
    command.addAll(more);
    Path log = work.resolve("submit-" + (++submissions) + ".log");
    ProcessBuilder pb = process(command, log);
    String jar = jobJar();
    if (jar != null) {
      pb.environment().put("VIGIL_JOB_JAR", jar);
    }
    int exit = pb.start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException(
          "./vigil submit exited with " + exit + ": " + tail(log) + " (log " + log + ")");
    }
    String id = flink.awaitRunning(name, Duration.ofSeconds(120));
    LOG.info("job {} running as {}", name, id);
    return id;
  }

  /**
   * Cancels the job (its checkpoints retained: the fault's options ask for that) and submits the
   * same job again from its newest retained checkpoint, as a user stopping and restarting it would.
   */
  void cancelAndRerunFromCheckpoint() throws Exception {
    String old = jobId;
    flink.cancel(old);
    flink.awaitEnded(old, Duration.ofSeconds(60));
    Path checkpoint = flink.latestCheckpoint(old);
    note("resumed from " + checkpoint.getFileName());
    resubmitFrom(checkpoint);
  }

  /**
   * Submits the run's job a second time under another name, with the same topics, groups and
   * keyspace, while the first runs; after {@code seconds} cancels it and notes how it ended (the
   * exactly-once sink should refuse a second writer).
   */
  void runSecondJob(int seconds) throws Exception {
    String second = submitAs(jobName() + "-second", List.of());
    Thread.sleep(seconds * 1000L);
    String state = flink.state(second);
    long restarts = flink.restarts(second);
    String failure = flink.rootException(second);
    flink.cancel(second);
    flink.awaitEnded(second, Duration.ofSeconds(60));
    note(
        "second job after "
            + seconds
            + " s: "
            + state
            + ", "
            + restarts
            + " restarts"
            + (failure.isEmpty() ? ", no failure" : ", failing with: " + failure));
  }

  private final List<String> notes = new ArrayList<>();

  /** Adds to what the run's report says about it. */
  void note(String text) {
    LOG.info("note: {}", text);
    notes.add(text);
  }

  /** What the fault noted, in order. */
  List<String> notes() {
    return List.copyOf(notes);
  }

  /** Starts {@code ./vigil run --config=runner-configs/flink-local-kafka.args} as a process. */
  void startEmbedded() throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "bash",
                root.resolve("vigil").toString(),
                "run",
                "--config=runner-configs/flink-local-kafka.args"));
    command.addAll(jobOptions);
    command.add("--stateBackendStoragePath=" + embeddedCheckpoints().toUri());
    embedded = process(command, work.resolve("embedded-" + (++submissions) + ".log")).start();
    LOG.info("embedded ./vigil run started (pid {})", embedded.pid());
  }

  /** Where the embedded job's checkpoints go. */
  Path embeddedCheckpoints() {
    return work.resolve("checkpoints");
  }

  /** Waits until a checkpoint newer than now completes (cluster: REST; embedded: on disk). */
  boolean awaitFreshCheckpoint(Duration timeout) throws Exception {
    if (embedded == null) {
      return flink.awaitFreshCheckpoint(jobId, timeout);
    }
    Optional<Path> before = ResumeFromCheckpoint.latest(embeddedCheckpoints());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Path> now = ResumeFromCheckpoint.latest(embeddedCheckpoints());
      if (now.isPresent() && !now.equals(before)) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /** {@code kill -9} of the embedded job's JVM, then the same command again. */
  void killAndRerunEmbedded() throws Exception {
    killEmbedded();
    LOG.info("embedded job killed (pid {}); running the same command again", embedded.pid());
    startEmbedded();
  }

  /** {@code kill -9} of the embedded job's JVM (and of any process it started); waits for it. */
  private void killEmbedded() {
    embedded.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    embedded.destroyForcibly();
    embedded.onExit().join();
  }

  /** Pauses the process of {@code pidFile} with SIGSTOP for {@code seconds}, then resumes it. */
  void pause(Path pidFile, int seconds) throws Exception {
    holdFor(seconds, () -> Signals.send("STOP", pidFile), () -> Signals.send("CONT", pidFile));
  }

  /**
   * Makes the job's checkpoint directory unwritable for {@code seconds} ({@code chattr +i}: no
   * {@code chk-N} can be created in it; the completed ones stay readable), then writable again.
   */
  void freezeCheckpoints(int seconds) throws Exception {
    Path dir = flink.checkpointDir(jobId);
    holdFor(
        seconds, () -> Signals.chattr("+i", dir, false), () -> Signals.chattr("-i", dir, false));
  }

  /** A step of a fault: a signal, a command. */
  private interface Step {
    void run() throws Exception;
  }

  /** Injects a fault, keeps it for {@code seconds} (the fault's duration), then lifts it. */
  private static void holdFor(int seconds, Step inject, Step lift) throws Exception {
    inject.run();
    try {
      Thread.sleep(seconds * 1000L);
    } finally {
      lift.run();
    }
  }

  /** Valid transactions a fault added to the stream (each must be scored like the rest). */
  int injectedTransactions() {
    return injectedTransactions;
  }

  /**
   * Sends transactions of one card, {@link #FLOOD_CARD} at its own merchant, at {@code rate} a
   * second for {@code seconds} beside the stream (so at the stream's rate it is half the traffic
   * meanwhile), event time = send time. They are valid, so the reference scores them and the run
   * must match it on this hot key too. Their ids are zero-padded so that the send order is the
   * features' order (event time, then transaction id) also when the sender, catching up, gives
   * several the same millisecond: the stream is exact for transactions that arrive in that order.
   */
  void floodOneCard(int rate, int seconds) throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < rate * seconds; i++) {
      lines.add(
          "{\"transaction_id\":\"flood-"
              + tag
              + "-"
              + String.format(java.util.Locale.ROOT, "%07d", i)
              + "\",\"card_id\":\""
              + FLOOD_CARD
              + "\",\"merchant_id\":\"m-flood\",\"amount\":"
              + (5 + i % 40)
              + ",\"currency\":\"EUR\",\"event_time\":\"2026-01-01T00:00:00Z\",\"lat\":48.85,"
              + "\"lon\":2.35,\"merchant_category\":\"grocery\",\"channel\":\"POS\"}");
    }
    try (KafkaProducer<String, String> producer = streamProducer()) {
      dev.vigil.benchmarks.streaming.PacedSender.send(
          producer, inputTopic(), lines, rate, null, true);
      producer.flush();
    }
    injectedTransactions += lines.size();
    LOG.info("flooded {} with {} transactions of {}", inputTopic(), lines.size(), FLOOD_CARD);
  }

  /** The producer the stream is sent with: it outlasts a broker outage (a fault may be one). */
  static KafkaProducer<String, String> streamProducer() {
    Properties p = new Properties();
    p.put("bootstrap.servers", BenchKafka.BOOTSTRAP);
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    p.put("acks", "all");
    p.put("enable.idempotence", "true");
    p.put("delivery.timeout.ms", "900000");
    p.put("max.block.ms", "900000");
    p.put("linger.ms", "5");
    return new KafkaProducer<>(p);
  }

  private String inputTopic() {
    return jobOptions.stream()
        .filter(o -> o.startsWith("--inputTopic="))
        .findFirst()
        .orElseThrow()
        .substring("--inputTopic=".length());
  }

  /** Sends {@link #POISON_RECORDS} malformed or hostile records to the run's input topic. */
  void sendPoison() throws Exception {
    String topic = inputTopic();
    Properties p = new Properties();
    p.put("bootstrap.servers", BenchKafka.BOOTSTRAP);
    p.put("key.serializer", ByteArraySerializer.class.getName());
    p.put("value.serializer", ByteArraySerializer.class.getName());
    p.put("max.request.size", String.valueOf(2 * 1024 * 1024));
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      byte[] key = "card-poison".getBytes(StandardCharsets.UTF_8);
      for (byte[] value : poison()) {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
      }
      producer.send(new ProducerRecord<>(topic, null, null)).get();
    }
    LOG.info("sent {} poison records to {}", POISON_RECORDS, topic);
  }

  /** The poison records but the null one. */
  static List<byte[]> poison() {
    String base =
        "{\"transaction_id\":\"%s\",\"card_id\":\"card-poison\",\"merchant_id\":\"m-poison\","
            + "\"amount\":%s,\"currency\":\"EUR\",\"event_time\":\"%s\",\"lat\":48.85,"
            + "\"lon\":2.35,\"merchant_category\":\"grocery\",\"channel\":\"POS\"}";
    String now = java.time.Instant.now().minusSeconds(3600).toString();
    List<byte[]> out = new ArrayList<>();
    out.add(("{\"transaction_id\":\"poison-big\",\"note\":\"" + "x".repeat(900_000)).getBytes());
    out.add(
        new byte[] {'{', '"', 't', 'x', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"'});
    out.add(("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8));
    out.add(String.format(base, "poison-inf", "1e309", now).getBytes(StandardCharsets.UTF_8));
    out.add(String.format(base, "poison-nan", "NaN", now).getBytes(StandardCharsets.UTF_8));
    out.add(
        String.format(base, "poison-9999", "12.5", "9999-12-31T23:59:59Z")
            .getBytes(StandardCharsets.UTF_8));
    out.add(
        String.format(base, "poison-epoch", "12.5", "1970-01-01T00:00:00Z")
            .getBytes(StandardCharsets.UTF_8));
    out.add(String.format(base, "poison-neg", "-1e308", now).getBytes(StandardCharsets.UTF_8));
    return out;
  }

  /** Ends the run's job: cancels the cluster job, or kills the embedded process (once). */
  void stopJob() {
    if (embedded != null) {
      killEmbedded();
    } else if (jobId != null) {
      flink.cancel(jobId);
    }
    jobId = null;
  }

  private ProcessBuilder process(List<String> command, Path log) {
    ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("JAVA_OPTS", "-Xmx1500m");
    return pb;
  }

  private String jobJar() {
    File[] jars =
        root.resolve("dist-flink/target")
            .toFile()
            .listFiles((d, n) -> n.startsWith("vigil-flink-job-") && n.endsWith(".jar"));
    return jars != null && jars.length == 1 ? jars[0].getAbsolutePath() : null;
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }
}
