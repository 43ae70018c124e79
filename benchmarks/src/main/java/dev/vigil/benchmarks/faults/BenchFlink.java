package dev.vigil.benchmarks.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.benchmarks.streaming.BenchKafka;
import dev.vigil.pipelines.ResumeFromCheckpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault harness's Flink 1.19 session cluster: one JobManager and two TaskManagers (two slots
 * each), each its own JVM, started and stopped through {@code scripts/flink.sh} (REST on
 * 127.0.0.1:28081, data under {@code .work/bench/flink}); with what the harness does to it (kill -9
 * a process, bring back what is missing) and reads from its REST API.
 */
final class BenchFlink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BenchFlink.class);
  static final String MASTER = "127.0.0.1:28081";
  private static final Map<String, String> ENV =
      Map.of(
          "FLINK_REST_PORT", "28081",
          "FLINK_RPC_PORT", "26123",
          "FLINK_TM_RPC_PORT", "26124",
          "FLINK_TASKMANAGERS", "2",
          "FLINK_SLOTS", "2");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Path root;
  private final Path dir;

  private BenchFlink(Path root) {
    this.root = root;
    this.dir = root.resolve(".work/bench/flink");
  }

  /** Starts the cluster with no checkpoints of earlier runs. */
  static BenchFlink start(Path root) throws IOException, InterruptedException {
    BenchFlink flink = new BenchFlink(root);
    flink.restart(); // fresh processes, also after an interrupted run
    Path checkpoints = flink.dir.resolve("checkpoints");
    if (Files.isDirectory(checkpoints)) {
      try { // a run interrupted while checkpoint-unwritable held its directory immutable
        Signals.chattr("-i", checkpoints, true);
      } catch (IllegalStateException e) { // no such attribute here, so nothing to undo
        LOG.debug("chattr -i of {}: {}", checkpoints, e.getMessage());
      }
    }
    BenchKafka.deleteTree(checkpoints);
    return flink;
  }

  /**
   * Stops and starts the whole cluster, so that a run gets fresh TaskManager JVMs: each job (and
   * each restart of one) loads Beam's classes into a new class loader, and a TaskManager that has
   * run several died of {@code OutOfMemoryError: Metaspace} here.
   */
  void restart() throws IOException, InterruptedException {
    BenchKafka.runScript(root, "flink.sh", ENV, "stop");
    ensureUp();
  }

  /** Starts whichever of the three processes is not running (all of them at first). */
  void ensureUp() throws IOException, InterruptedException {
    BenchKafka.runScript(root, "flink.sh", ENV, "start");
  }

  /**
   * Copies the cluster's logs (JobManager and TaskManagers) into {@code into}: the next run's
   * {@link #restart()} starts them afresh, and a failed or restarted run needs its own to explain.
   */
  void keepLogs(Path into) throws IOException {
    Path logs = dir.resolve("logs");
    if (!Files.isDirectory(logs)) {
      return;
    }
    Files.createDirectories(into);
    try (Stream<Path> files = Files.list(logs)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, into.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** {@code kill -9} of TaskManager {@code n} (1 or 2); returns the PID killed. */
  long killTaskManager(int n) throws IOException {
    return Signals.kill9(dir.resolve(n == 1 ? "taskmanager.pid" : "taskmanager-" + n + ".pid"));
  }

  /** {@code kill -9} of the JobManager; returns the PID killed. */
  long killJobManager() throws IOException {
    return Signals.kill9(dir.resolve("jobmanager.pid"));
  }

  /** GET {@code path} on the REST API as JSON. */
  JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://" + MASTER + path))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "GET " + path + " -> " + response.statusCode() + ": " + response.body());
    }
    return MAPPER.readTree(response.body());
  }

  /** The id of the job named {@code name} once it is RUNNING; fails after {@code timeout}. */
  String awaitRunning(String name, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        for (JsonNode job : get("/jobs/overview").get("jobs")) {
          if (job.get("name").asText().equals(name)
              && job.get("state").asText().equals("RUNNING")) {
            return job.get("jid").asText();
          }
        }
      } catch (IOException e) { // the REST endpoint restarting
        LOG.debug("jobs overview: {}", e.toString());
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("job " + name + " not RUNNING within " + timeout);
  }

  /**
   * Restarts of the job so far (Flink's {@code numRestarts} metric; the REST API answers an empty
   * list until its metric fetcher has run, so this asks again for up to 20 s); -1 when unreadable.
   */
  long restarts(String jobId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        for (JsonNode m : get("/jobs/" + jobId + "/metrics?get=numRestarts")) {
          return Long.parseLong(m.get("value").asText());
        }
      } catch (IOException e) {
        LOG.debug("numRestarts of {}: {}", jobId, e.toString());
      }
      Thread.sleep(1_000);
    }
    return -1;
  }

  /** Completed checkpoints of the job so far; -1 when unreadable. */
  long completedCheckpoints(String jobId) {
    try {
      return get("/jobs/" + jobId + "/checkpoints").get("counts").get("completed").asLong();
    } catch (Exception e) {
      return -1;
    }
  }

  /** Waits until one more checkpoint than now has completed; false after {@code timeout}. */
  boolean awaitFreshCheckpoint(String jobId, Duration timeout) throws InterruptedException {
    long before = completedCheckpoints(jobId);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (completedCheckpoints(jobId) > before) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /**
   * The newest complete retained checkpoint of {@code jobId} on disk (a {@code chk-N} directory
   * with its {@code _metadata}), as Flink's JobManager left it.
   */
  /** The directory the job's checkpoints {@code chk-N} are made in. */
  Path checkpointDir(String jobId) {
    return dir.resolve("checkpoints").resolve(jobId);
  }

  Path latestCheckpoint(String jobId) {
    Path jobDir = checkpointDir(jobId);
    return ResumeFromCheckpoint.latest(jobDir)
        .orElseThrow(() -> new IllegalStateException("no complete checkpoint in " + jobDir));
  }

  /**
   * Which TaskManager (1 or 2) runs the busiest subtask of the job's vertex whose name starts with
   * {@code prefix} and contains {@code part} (most records read); the TaskManagers are told apart
   * by their RPC ports (the second's is the first's + 1).
   */
  int taskManagerOf(String jobId, String prefix, String part) throws Exception {
    for (JsonNode v : get("/jobs/" + jobId).get("vertices")) {
      String name = v.get("name").asText();
      if (name.startsWith(prefix) && name.contains(part)) {
        JsonNode busiest = null;
        for (JsonNode t :
            get("/jobs/" + jobId + "/vertices/" + v.get("id").asText()).get("subtasks")) {
          if (busiest == null
              || t.get("metrics").get("read-records").asLong()
                  > busiest.get("metrics").get("read-records").asLong()) {
            busiest = t;
          }
        }
        String tm = busiest.get("taskmanager-id").asText(); // 127.0.0.1:<rpc port>-<suffix>
        int port = Integer.parseInt(tm.substring(tm.indexOf(':') + 1, tm.indexOf('-')));
        return port == Integer.parseInt(ENV.get("FLINK_TM_RPC_PORT")) ? 1 : 2;
      }
    }
    throw new IllegalStateException("job " + jobId + " has no vertex " + prefix + "…" + part);
  }

  /** The job's state (RUNNING, RESTARTING, FAILED ...); "unknown" when unreadable. */
  String state(String jobId) {
    try {
      return get("/jobs/" + jobId).get("state").asText();
    } catch (Exception e) {
      return "unknown";
    }
  }

  /**
   * The deepest cause of the job's latest failure (its root exception; see {@link #deepestCause}),
   * at most 300 characters; empty when it has none or it cannot be read.
   */
  String rootException(String jobId) {
    try {
      JsonNode root = get("/jobs/" + jobId + "/exceptions").get("root-exception");
      String text = root == null || root.isNull() ? "" : root.asText();
      String cause = deepestCause(text);
      return cause.length() > 300 ? cause.substring(0, 300) + "…" : cause;
    } catch (Exception e) {
      return "";
    }
  }

  /** The last "Caused by:" line of a stack trace, or its first line when it has none. */
  static String deepestCause(String trace) {
    String first = "";
    String cause = null;
    for (String line : trace.split("\n")) {
      if (first.isEmpty() && !line.isBlank()) {
        first = line.trim();
      }
      if (line.startsWith("Caused by: ")) {
        cause = line.substring("Caused by: ".length()).trim();
      }
    }
    return cause != null ? cause : first;
  }

  /** Waits until the job is in a terminal state (cancelled, failed, finished). */
  void awaitEnded(String jobId, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String state = state(jobId);
      if (state.equals("CANCELED") || state.equals("FAILED") || state.equals("FINISHED")) {
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("job " + jobId + " did not end within " + timeout);
  }

  /** Cancels a job ({@code PATCH /jobs/:id?mode=cancel}); quiet when it is already gone. */
  void cancel(String jobId) {
    try {
      HTTP.send(
          HttpRequest.newBuilder(URI.create("http://" + MASTER + "/jobs/" + jobId + "?mode=cancel"))
              .timeout(Duration.ofSeconds(10))
              .method("PATCH", HttpRequest.BodyPublishers.noBody())
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      LOG.warn("cancel {}: {}", jobId, e.toString());
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    BenchKafka.runScript(root, "flink.sh", ENV, "stop");
  }
}
