package dev.vigil.benchmarks.faults;

import java.util.List;
import java.util.stream.Stream;

/**
 * One row of the fault matrix: what is done to the running job and how it is judged.
 *
 * @param id the name {@code --only} takes
 * @param title the row's name in the results
 * @param how how the fault is injected
 * @param expected the pass criterion (beyond lost = 0 and Cassandra rows exact)
 * @param where the job it is injected into
 * @param injection what the harness does, right after a fresh completed checkpoint
 * @param options job options beyond the harness's own (e.g. the exactly-once sink)
 */
record Fault(
    String id,
    String title,
    String how,
    String expected,
    Where where,
    Injection injection,
    List<String> options) {

  /** A fault injected into the job as the harness submits it. */
  Fault(String id, String title, String how, String expected, Where where, Injection injection) {
    this(id, title, how, expected, where, injection, List.of());
  }

  /**
   * The job writes Kafka through transactions ({@code --kafkaExactlyOnce}): its topics are read
   * {@code read_committed} and a duplicate fails the run.
   */
  boolean exactlyOnce() {
    return options.contains(EXACTLY_ONCE);
  }

  static final String EXACTLY_ONCE = "--kafkaExactlyOnce=true";

  /**
   * Beam's Flink runner deletes a job's checkpoints when it is cancelled unless they are retained
   * externalized checkpoints.
   */
  static final List<String> RETAIN_ON_CANCEL =
      List.of(
          "--externalizedCheckpointsEnabled=true",
          "--retainExternalizedCheckpointsOnCancellation=true");

  /** The job a fault is injected into. */
  enum Where {
    /** {@code ./vigil submit --config=runner-configs/flink-cluster.args} to the session cluster. */
    CLUSTER,
    /** {@code ./vigil run --config=runner-configs/flink-local-kafka.args}: the embedded Flink. */
    EMBEDDED
  }

  /** What the harness does to inject a fault; {@code ctx} reaches the servers and the job. */
  interface Injection {
    void inject(FaultContext ctx) throws Exception;
  }

  /** What every exactly-once row asks beyond lost = 0 and Cassandra rows exact. */
  static final String EXACTLY_ONCE_EXPECTED =
      "duplicates = 0 (read_committed), divergent = 0, decisions again within 180 s";

  static final String STATE_RESTORED =
      "divergent = 0 (state restored), duplicates counted (at-least-once sinks),"
          + " decisions again within 180 s";

  /** The matrix, in the order it runs. */
  static List<Fault> all() {
    return List.of(
        new Fault(
            "control",
            "no fault (control)",
            "nothing injected: a second fault-free run, to show what differs between two runs"
                + " without a fault",
            "divergent = 0, no duplicates",
            Where.CLUSTER,
            ctx -> {}),
        new Fault(
            "tm-kill",
            "TaskManager kill -9",
            "kill -9 of TaskManager 1; scripts/flink.sh start brings it back at once",
            STATE_RESTORED,
            Where.CLUSTER,
            Fault::killFirstTaskManager),
        new Fault(
            "jm-kill",
            "JobManager kill -9, resubmitted from the latest retained checkpoint",
            "kill -9 of the JobManager (no HA: the job ends with it); JobManager restarted, the"
                + " job resubmitted with --resumeFrom=<newest chk-N on disk>",
            STATE_RESTORED,
            Where.CLUSTER,
            ctx -> {
              String old = ctx.jobId();
              ctx.flink().killJobManager();
              ctx.flink().ensureUp();
              ctx.resubmitFrom(ctx.flink().latestCheckpoint(old));
            }),
        new Fault(
            "embedded-kill",
            "embedded ./vigil run kill -9, then the same command again",
            "kill -9 of the ./vigil run JVM (flink-local-kafka.args, checkpoints every 2 s);"
                + " the same command again, which resumes from the newest checkpoint",
            "divergent = 0 (card state restored by --resumeFrom=latest), decisions again within"
                + " 180 s",
            Where.EMBEDDED,
            FaultContext::killAndRerunEmbedded),
        new Fault(
            "poison",
            "poison records on the input topic",
            "mid-stream: a 900 KB record, invalid UTF-8, null key and value, 100,000-level"
                + " nesting, amount 1e309, NaN and -1e308, event_time in year 9999 and at epoch 0",
            "no restart, divergent = 0, every poison record a dead letter or scored",
            Where.CLUSTER,
            FaultContext::sendPoison),
        new Fault(
            "card-flood",
            "one card flooding half the traffic",
            "mid-stream, for 20 s: transactions of one card at one merchant at the stream's own"
                + " rate beside it (half of all traffic meanwhile), event time = send time",
            "no restart, divergent = 0 (the hot card's features exact too), decisions again"
                + " within 180 s",
            Where.CLUSTER,
            ctx -> ctx.floodOneCard(ctx.rate(), 20)),
        brokerKill(5),
        brokerKill(30),
        new Fault(
            "cassandra-stop-30",
            "Cassandra stopped for 30 s",
            "scripts/cassandra.sh stop, 30 s, start (on the same data)",
            "divergent = 0, decisions again within 180 s, every row written once it is back",
            Where.CLUSTER,
            ctx -> {
              ctx.cassandra().stop();
              Thread.sleep(30_000);
              ctx.cassandra().startAgain();
            }),
        brokerPause(20),
        new Fault(
            "cassandra-pause-30",
            "Cassandra paused (SIGSTOP) for 30 s",
            "kill -STOP of the Cassandra JVM, 30 s, kill -CONT",
            "divergent = 0, decisions again within 180 s, every row written",
            Where.CLUSTER,
            ctx -> ctx.pause(ctx.cassandra().pidFile(), 30)),
        new Fault(
            "checkpoint-unwritable-60",
            "checkpoint directory unwritable for 60 s",
            "chattr +i on the job's checkpoint directory (no new chk-N can be made there, not even"
                + " by root), 60 s, chattr -i",
            "divergent = 0, decisions again within 180 s of the directory's return",
            Where.CLUSTER,
            ctx -> ctx.freezeCheckpoints(60)),
        new Fault(
            "tm-kill-burst",
            "both TaskManagers kill -9 in a burst",
            "kill -9 of TaskManager 1, then at once of TaskManager 2; both brought back",
            STATE_RESTORED,
            Where.CLUSTER,
            ctx -> {
              ctx.flink().killTaskManager(1);
              ctx.flink().killTaskManager(2);
              ctx.flink().ensureUp();
            }),
        brokerKill(150),
        brokerPause(60),
        new Fault(
            "eos-tm-kill",
            "exactly-once sink: TaskManager kill -9",
            "the job with --kafkaExactlyOnce (Kafka transactions committed with each checkpoint);"
                + " kill -9 of TaskManager 1, brought back at once; topics read read_committed",
            EXACTLY_ONCE_EXPECTED,
            Where.CLUSTER,
            Fault::killFirstTaskManager,
            List.of(EXACTLY_ONCE)),
        new Fault(
            "eos-tm-kill-beside-writer",
            "exactly-once sink: kill -9 of the TaskManager beside the scored topic's writer",
            "the job with --kafkaExactlyOnce; kill -9 of the TaskManager that does not run the"
                + " scored topic's exactly-once writer, so that the writer's task is cancelled"
                + " mid-stream and restarted in the surviving JVM, where Beam keeps its producer;"
                + " brought back at once; topics read read_committed",
            EXACTLY_ONCE_EXPECTED,
            Where.CLUSTER,
            ctx -> {
              int writer =
                  ctx.flink()
                      .taskManagerOf(
                          ctx.jobId(), "WriteScored/ToKafka", "KafkaExactlyOnceSink/Persist ids");
              ctx.note("the scored writer ran on TaskManager " + writer);
              ctx.flink().killTaskManager(3 - writer);
              ctx.flink().ensureUp();
            },
            List.of(EXACTLY_ONCE)),
        new Fault(
            "eos-cancel-rerun",
            "exactly-once sink: cancel, then the same job again from its retained checkpoint",
            "the job with --kafkaExactlyOnce and checkpoints retained on cancellation; cancelled"
                + " (REST), then submitted again with --resumeFrom=<newest chk-N of the cancelled"
                + " job>",
            EXACTLY_ONCE_EXPECTED,
            Where.CLUSTER,
            FaultContext::cancelAndRerunFromCheckpoint,
            Stream.concat(Stream.of(EXACTLY_ONCE), RETAIN_ON_CANCEL.stream()).toList()),
        new Fault(
            "eos-two-jobs",
            "exactly-once sink: a second job with the same consumer and sink groups",
            "the job with --kafkaExactlyOnce; the same command submitted again under another job"
                + " name while it runs (same topics, consumer group, sink groups and keyspace),"
                + " kept 60 s, then cancelled; its failures are in the note",
            "for the first job: duplicates = 0 (read_committed), divergent = 0, decisions again"
                + " within 180 s",
            Where.CLUSTER,
            ctx -> ctx.runSecondJob(60),
            List.of(EXACTLY_ONCE)));
  }

  /** {@code kill -9} of TaskManager 1, brought back at once. */
  private static void killFirstTaskManager(FaultContext ctx) throws Exception {
    ctx.flink().killTaskManager(1);
    ctx.flink().ensureUp();
  }

  private static Fault brokerKill(int seconds) {
    return new Fault(
        "broker-kill-" + seconds,
        "Kafka broker kill -9 for " + seconds + " s",
        "kill -9 of the broker, " + seconds + " s down, scripts/kafka.sh start on its data",
        "divergent = 0, decisions again within 180 s of the broker's return",
        Where.CLUSTER,
        ctx -> {
          Signals.kill9(ctx.kafka().pidFile());
          Thread.sleep(seconds * 1000L);
          ctx.kafka().startAgain();
        });
  }

  private static Fault brokerPause(int seconds) {
    return new Fault(
        "broker-pause-" + seconds,
        "Kafka broker paused (SIGSTOP) for " + seconds + " s",
        "kill -STOP of the broker, " + seconds + " s, kill -CONT",
        "divergent = 0, decisions again within 180 s of the resume",
        Where.CLUSTER,
        ctx -> ctx.pause(ctx.kafka().pidFile(), seconds));
  }
}
