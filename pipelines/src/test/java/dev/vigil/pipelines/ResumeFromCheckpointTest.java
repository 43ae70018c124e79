package dev.vigil.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeFromCheckpointTest {
  @TempDir Path dir;

  private static FraudDetectionOptions options(String... args) {
    return PipelineOptionsFactory.fromArgs(args).as(FraudDetectionOptions.class);
  }

  private Path checkpoint(String job, int n, long modifiedMillis) throws Exception {
    Path chk = Files.createDirectories(dir.resolve(job).resolve("chk-" + n));
    Path metadata = Files.writeString(chk.resolve("_metadata"), "x");
    Files.setLastModifiedTime(metadata, FileTime.fromMillis(modifiedMillis));
    return chk;
  }

  @Test
  void latestIsTheNewestCompleteCheckpointOfAnyJob() throws Exception {
    checkpoint("job-a", 40, 1_000);
    Path newest = checkpoint("job-b", 3, 2_000);
    Files.createDirectories(dir.resolve("job-b").resolve("chk-4")); // in progress: no _metadata
    assertThat(ResumeFromCheckpoint.latest(dir).orElseThrow(), equalTo(newest));
    assertThat(ResumeFromCheckpoint.latest(dir.resolve("none")).isPresent(), is(false));
  }

  @Test
  void embeddedFlinkGetsTheRestorePathInItsConfiguration() throws Exception {
    Path chk = checkpoint("job", 7, 1_000);
    FraudDetectionOptions o =
        options(
            "--runner=FlinkRunner",
            "--streaming=true",
            "--stateBackendStoragePath=" + dir.toUri(),
            "--resumeFrom=latest");
    ResumeFromCheckpoint.configure(o);
    FlinkPipelineOptions flink = o.as(FlinkPipelineOptions.class);
    String conf = Files.readString(Path.of(flink.getFlinkConfDir(), "flink-conf.yaml"));
    assertThat(conf, containsString("execution.savepoint.path: " + chk.toUri()));
    assertThat(conf, containsString("execution.savepoint.ignore-unclaimed-state: true"));
    assertThat(flink.getRetainExternalizedCheckpointsOnCancellation(), is(true));
    assertThat(flink.isExternalizedCheckpointsEnabled(), is(true));
    assertThat(
        "the restored run's sources are new operators (beam#31313)",
        ResumeFromCheckpoint.sourceName(o, "ReadTransactions"),
        equalTo("ReadTransactionsAfterRestore"));
  }

  @Test
  void aClusterJobGetsBeamsSavepointPath() throws Exception {
    Path chk = checkpoint("job", 2, 1_000);
    FraudDetectionOptions o =
        options(
            "--runner=FlinkRunner",
            "--streaming=true",
            "--flinkMaster=127.0.0.1:8081",
            "--resumeFrom=" + chk);
    ResumeFromCheckpoint.configure(o);
    FlinkPipelineOptions flink = o.as(FlinkPipelineOptions.class);
    assertThat(flink.getSavepointPath(), equalTo(chk.toUri().toString()));
    assertThat(flink.getAllowNonRestoredState(), is(true));
    assertThat(flink.getFlinkConfDir(), nullValue());
  }

  @Test
  void noCheckpointYetIsAFreshStart() {
    FraudDetectionOptions o =
        options(
            "--runner=FlinkRunner",
            "--streaming=true",
            "--stateBackendStoragePath=" + dir.resolve("empty").toUri(),
            "--resumeFrom=latest");
    ResumeFromCheckpoint.configure(o);
    assertThat(o.as(FlinkPipelineOptions.class).getFlinkConfDir(), nullValue());
    assertThat(ResumeFromCheckpoint.sourceName(o, "ReadTransactions"), equalTo("ReadTransactions"));
  }

  @Test
  void wrongSettingsFailWithWhatToFix() {
    IllegalArgumentException direct =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ResumeFromCheckpoint.configure(
                    options("--runner=DirectRunner", "--resumeFrom=latest")));
    assertThat(direct.getMessage(), containsString("--runner=FlinkRunner"));
    IllegalArgumentException noStorage =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ResumeFromCheckpoint.configure(
                    options("--runner=FlinkRunner", "--streaming=true", "--resumeFrom=latest")));
    assertThat(noStorage.getMessage(), containsString("--stateBackendStoragePath"));
    IllegalArgumentException notACheckpoint =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ResumeFromCheckpoint.configure(
                    options("--runner=FlinkRunner", "--streaming=true", "--resumeFrom=" + dir)));
    assertThat(notACheckpoint.getMessage(), containsString("no _metadata"));
  }
}
