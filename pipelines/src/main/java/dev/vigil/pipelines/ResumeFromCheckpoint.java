package dev.vigil.pipelines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.StreamingOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --resumeFrom}: a streaming FlinkRunner job restores its state (card histories, windows,
 * batches waiting to be scored) from a retained checkpoint or a savepoint, as {@code flink run -s}
 * does, and reads Kafka on from the consumer groups' committed offsets. A job submitted to a
 * cluster gets Beam's {@code --savepointPath}; the embedded Flink of {@code ./vigil run}, which
 * ignores that option, gets Flink's {@code execution.savepoint.path} in a configuration directory
 * of its own (on top of {@code --flinkConfDir}'s file, if any). With {@code latest}, the newest
 * complete checkpoint ({@code chk-N} with its {@code _metadata}) under {@code
 * --stateBackendStoragePath} is taken; that directory should hold one pipeline's checkpoints (one
 * input topic and consumer group).
 *
 * <p>The Kafka source of the transactions is not restored: Beam 2.62's Flink source splits a
 * restored source again and hands the new splits to readers that already got theirs back from the
 * checkpoint, so two readers would consume each partition (beam#31313, fixed after 2.62; measured
 * here: every record after the restore read twice). A restoring run gives that source another name
 * ({@link #sourceName}), so it is a new operator that starts from the consumer group's committed
 * offsets (committed when a checkpoint completes), and lets Flink ignore the old source's state.
 * Every other stage (features, windows, batches waiting to be scored) restores its state.
 *
 * <p>Only the transactions source is renamed. Flink refuses to restore a chain of operators that
 * mixes a new operator with restored ones of which some subtasks had finished ("mixed operator
 * finished state"), and a source subtask without a partition finishes: the labels topic has one
 * partition, so its chain keeps its restored source (labels read twice are counted once, by
 * transaction id). For the same reason the input topic needs at least as many partitions as the
 * job's parallelism to be resumed; with fewer, the restore fails at submission with Flink's
 * message.
 */
public final class ResumeFromCheckpoint {
  private static final Logger LOG = LoggerFactory.getLogger(ResumeFromCheckpoint.class);
  static final String LATEST = "latest";

  private ResumeFromCheckpoint() {}

  /** Applies {@code --resumeFrom} to the runner's options; fails fast on a wrong setting. */
  static void configure(FraudDetectionOptions o) {
    String from = o.getResumeFrom() == null ? "" : o.getResumeFrom().trim();
    if (from.isEmpty()) {
      return;
    }
    if (o.getRunner() == null
        || !o.getRunner().getSimpleName().equals("FlinkRunner")
        || !o.as(StreamingOptions.class).isStreaming()) {
      throw new IllegalArgumentException(
          "--resumeFrom restores a streaming FlinkRunner job: add --runner=FlinkRunner"
              + " --streaming=true, or drop --resumeFrom");
    }
    FlinkPipelineOptions flink = o.as(FlinkPipelineOptions.class);
    // Beam applies the retention only to externalized checkpoints: without both, Flink deletes a
    // job's checkpoints when it is cancelled (Ctrl-C), and there is nothing to resume from.
    flink.setExternalizedCheckpointsEnabled(true);
    flink.setRetainExternalizedCheckpointsOnCancellation(true);
    Optional<Path> checkpoint;
    if (from.equals(LATEST)) {
      String storage = flink.getStateBackendStoragePath();
      if (storage == null || storage.isBlank()) {
        throw new IllegalArgumentException(
            "--resumeFrom=latest looks for checkpoints under --stateBackendStoragePath: set it"
                + " (e.g. --stateBackendStoragePath=file:///var/lib/vigil/checkpoints)");
      }
      checkpoint = latest(localPath(storage));
      if (checkpoint.isEmpty()) {
        LOG.info(
            "--resumeFrom=latest: no complete checkpoint under {}; starting with empty state from"
                + " the consumer group's committed offsets",
            storage);
        return;
      }
    } else {
      Path given = localPath(from);
      if (!Files.isRegularFile(given.resolve("_metadata"))) {
        throw new IllegalArgumentException(
            "--resumeFrom="
                + from
                + " is not a checkpoint or savepoint directory (no _metadata in it): give a chk-N"
                + " or savepoint-... directory, or 'latest'");
      }
      checkpoint = Optional.of(given);
    }
    String uri = checkpoint.get().toUri().toString();
    if (EmbeddedFlink.runsEmbedded(flink)) {
      flink.setFlinkConfDir(confWithRestore(flink.getFlinkConfDir(), uri).toString());
    } else {
      flink.setSavepointPath(uri);
      flink.setAllowNonRestoredState(true);
    }
    o.setRestoredCheckpoint(uri);
    LOG.info("resuming from {}: the earlier run's state; Kafka from the committed offsets", uri);
  }

  /**
   * The name of a source transform: {@code name}, or when this run restores a checkpoint, a name of
   * its own, so that the source is a new operator (see the class comment).
   */
  static String sourceName(FraudDetectionOptions o, String name) {
    String restored = o.getRestoredCheckpoint();
    return restored == null || restored.isEmpty() ? name : name + "AfterRestore";
  }

  /**
   * The newest complete checkpoint ({@code chk-N} with its {@code _metadata}) in {@code storage}, a
   * job's checkpoint directory or a directory of several jobs' ones; empty when there is none.
   */
  public static Optional<Path> latest(Path storage) {
    if (!Files.isDirectory(storage)) {
      return Optional.empty();
    }
    try (Stream<Path> all = Files.walk(storage, 3)) {
      return all.filter(p -> p.getFileName().toString().equals("_metadata"))
          .map(Path::getParent)
          .filter(p -> p.getFileName().toString().startsWith("chk-"))
          .max(Comparator.comparingLong(ResumeFromCheckpoint::modified));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the checkpoints under " + storage, e);
    }
  }

  private static long modified(Path chk) {
    try {
      return Files.getLastModifiedTime(chk.resolve("_metadata")).toMillis();
    } catch (IOException e) {
      return Long.MIN_VALUE;
    }
  }

  /** A local path from a {@code file:} URI or a plain path; other file systems are refused. */
  static Path localPath(String location) {
    if (location.contains("://") && !location.startsWith("file:")) {
      throw new IllegalArgumentException(
          "--resumeFrom reads checkpoints on the local file system, got " + location);
    }
    return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
  }

  /** A configuration directory: {@code confDir}'s flink-conf.yaml plus the restore path. */
  private static Path confWithRestore(String confDir, String uri) {
    try {
      String base = "";
      if (confDir != null && Files.isRegularFile(Path.of(confDir, "flink-conf.yaml"))) {
        base = Files.readString(Path.of(confDir, "flink-conf.yaml")) + "\n";
      }
      Path dir = Files.createTempDirectory("vigil-flink-resume");
      Path file = dir.resolve("flink-conf.yaml");
      Files.writeString(
          file,
          base
              + "# Written by Vigil for --resumeFrom (ResumeFromCheckpoint).\n"
              + "execution.savepoint.path: "
              + uri
              + "\n"
              + "execution.savepoint.ignore-unclaimed-state: true\n");
      file.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Flink configuration for --resumeFrom", e);
    }
  }
}
