package dev.vigil.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.inference.RunInference.Batching;
import dev.vigil.transforms.features.TrailingCardFeatures.Mode;
import dev.vigil.transforms.windows.CardSessions;
import dev.vigil.transforms.windows.MerchantWindows.Layout;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

class RunnerFitTest {
  private static FraudDetectionOptions options(String... args) {
    return PipelineOptionsFactory.fromArgs(args).as(FraudDetectionOptions.class);
  }

  @Test
  void sparkStreamingGetsTheTimerFreeStagesAndAModelThatOutlivesMicroBatches() {
    FraudDetectionOptions o = options("--runner=SparkRunner", "--streaming=true", "--modelDir=m");
    assertThat(RunnerFit.resolve(o).featureMode(), equalTo(Mode.STATEFUL_NO_TIMER));
    assertThat(RunnerFit.resolve(o).scoreBatching(), equalTo(Batching.PER_BUNDLE));
    assertThat(RunnerFit.resolve(o).modelIdleCloseMillis(), equalTo(60_000L));
  }

  @Test
  void flinkStreamingToKafkaBatchesPerBundleWithBundlesNoLongerThanTheBatchWait() {
    FraudDetectionOptions o =
        options(
            "--runner=FlinkRunner",
            "--streaming=true",
            "--outputs=KAFKA",
            "--maxBatchWaitMillis=40");
    assertThat(RunnerFit.resolve(o).scoreBatching(), equalTo(Batching.PER_BUNDLE));
    RunnerFit.applyTo(o, RunnerFit.resolve(o));
    assertThat(o.as(FlinkPipelineOptions.class).getMaxBundleTimeMills(), equalTo(40L));
    // A shorter bundle time is kept; GroupIntoBatches leaves bundles alone.
    FraudDetectionOptions shorter =
        options(
            "--runner=FlinkRunner",
            "--streaming=true",
            "--outputs=KAFKA",
            "--maxBundleTimeMills=10");
    RunnerFit.applyTo(shorter, RunnerFit.resolve(shorter));
    assertThat(shorter.as(FlinkPipelineOptions.class).getMaxBundleTimeMills(), equalTo(10L));
    FraudDetectionOptions gib =
        options("--runner=FlinkRunner", "--streaming=true", "--scoreBatching=GROUP_INTO_BATCHES");
    assertThat(RunnerFit.resolve(gib).scoreBatching(), equalTo(Batching.GROUP_INTO_BATCHES));
    RunnerFit.applyTo(gib, RunnerFit.resolve(gib));
    assertThat(gib.as(FlinkPipelineOptions.class).getMaxBundleTimeMills(), equalTo(1000L));
  }

  @Test
  void flinkStreamingWithCassandraOrFilesBatchesByTimerAndKeepsDefaultBundles() {
    for (FraudDetectionOptions o :
        new FraudDetectionOptions[] {
          options("--runner=FlinkRunner", "--streaming=true", "--outputs=BOTH"),
          options("--runner=FlinkRunner", "--streaming=true", "--outputs=FILES"),
          options(
              "--runner=FlinkRunner",
              "--streaming=true",
              "--outputs=KAFKA",
              "--cassandraHosts=127.0.0.1")
        }) {
      RunnerFit.Choices choices = RunnerFit.resolve(o);
      assertThat(choices.scoreBatching(), equalTo(Batching.GROUP_INTO_BATCHES));
      RunnerFit.applyTo(o, choices);
      assertThat(o.as(FlinkPipelineOptions.class).getMaxBundleTimeMills(), equalTo(1000L));
    }
  }

  @Test
  void flinkStreamingSourcesEmitWatermarksEvery200MillisUnlessTold() {
    FraudDetectionOptions o = options("--runner=FlinkRunner", "--streaming=true");
    RunnerFit.applyTo(o, RunnerFit.resolve(o));
    assertThat(o.as(FlinkPipelineOptions.class).getAutoWatermarkInterval(), equalTo(200L));
    FraudDetectionOptions told =
        options("--runner=FlinkRunner", "--streaming=true", "--autoWatermarkInterval=50");
    RunnerFit.applyTo(told, RunnerFit.resolve(told));
    assertThat(told.as(FlinkPipelineOptions.class).getAutoWatermarkInterval(), equalTo(50L));
    FraudDetectionOptions batch = options("--runner=FlinkRunner");
    assertThat(RunnerFit.resolve(batch).flinkWatermarkMillis(), equalTo(null));
  }

  @Test
  void otherRunnersAndSparkBatchKeepTheirDefaults() {
    for (FraudDetectionOptions o :
        new FraudDetectionOptions[] {
          options("--runner=FlinkRunner", "--modelDir=m"),
          options("--runner=DirectRunner", "--streaming=true", "--modelDir=m"),
          options("--runner=SparkRunner", "--modelDir=m")
        }) {
      assertThat(RunnerFit.resolve(o).featureMode(), equalTo(Mode.AUTO));
      assertThat(RunnerFit.resolve(o).scoreBatching(), equalTo(Batching.AUTO));
      assertThat(RunnerFit.resolve(o).modelIdleCloseMillis(), equalTo(0L));
    }
  }

  @Test
  void askingForTimersOnSparkStreamingFailsWithWhatToFix() {
    IllegalArgumentException features =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RunnerFit.resolve(
                        options(
                            "--runner=SparkRunner", "--streaming=true", "--featureMode=STATEFUL"))
                    .featureMode());
    assertThat(features.getMessage(), containsString("--featureMode=AUTO or STATEFUL_NO_TIMER"));
    IllegalArgumentException batching =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RunnerFit.resolve(
                        options(
                            "--runner=SparkRunner",
                            "--streaming=true",
                            "--scoreBatching=GROUP_INTO_BATCHES"))
                    .scoreBatching());
    assertThat(batching.getMessage(), containsString("--scoreBatching=AUTO or PER_BUNDLE"));
  }

  @Test
  void explicitTimerFreeChoicesHoldOnAnyRunner() {
    FraudDetectionOptions o =
        options(
            "--runner=FlinkRunner",
            "--streaming=true",
            "--featureMode=STATEFUL_NO_TIMER",
            "--scoreBatching=PER_BUNDLE");
    assertThat(RunnerFit.resolve(o).featureMode(), equalTo(Mode.STATEFUL_NO_TIMER));
    assertThat(RunnerFit.resolve(o).scoreBatching(), equalTo(Batching.PER_BUNDLE));
  }

  @Test
  void autoPicksTheTimerLayoutsOnFlinkStreamingAndWindowsElsewhere() {
    FraudDetectionOptions flink = options("--runner=FlinkRunner", "--streaming=true");
    assertThat(RunnerFit.resolve(flink).merchantWindowLayout(), equalTo(Layout.BUCKETED));
    assertThat(RunnerFit.resolve(flink).cardSessionLayout(), equalTo(CardSessions.Layout.STATEFUL));
    for (FraudDetectionOptions o :
        new FraudDetectionOptions[] {
          options("--runner=FlinkRunner"), options("--runner=DirectRunner", "--streaming=true"),
          options("--runner=SparkRunner", "--streaming=true"), options("--runner=SparkRunner")
        }) {
      assertThat(RunnerFit.resolve(o).merchantWindowLayout(), equalTo(Layout.WINDOWED));
      assertThat(RunnerFit.resolve(o).cardSessionLayout(), equalTo(CardSessions.Layout.WINDOWED));
    }
    // Buckets need a size that is a multiple of the period: AUTO keeps Beam's windows otherwise.
    assertThat(
        RunnerFit.resolve(
                options(
                    "--runner=FlinkRunner",
                    "--streaming=true",
                    "--merchantWindowMinutes=10",
                    "--merchantWindowEveryMinutes=3"))
            .merchantWindowLayout(),
        equalTo(Layout.WINDOWED));
  }

  @Test
  void explicitLayoutsAreKept() {
    FraudDetectionOptions flink =
        options(
            "--runner=FlinkRunner",
            "--streaming=true",
            "--merchantWindowLayout=WINDOWED",
            "--cardSessionLayout=WINDOWED");
    assertThat(RunnerFit.resolve(flink).merchantWindowLayout(), equalTo(Layout.WINDOWED));
    assertThat(RunnerFit.resolve(flink).cardSessionLayout(), equalTo(CardSessions.Layout.WINDOWED));
    assertThat(
        RunnerFit.resolve(
                options(
                    "--runner=FlinkRunner", "--streaming=true", "--merchantWindowLayout=BUCKETED"))
            .merchantWindowLayout(),
        equalTo(Layout.BUCKETED));
    assertThat(
        RunnerFit.resolve(
                options("--runner=FlinkRunner", "--streaming=true", "--cardSessionLayout=STATEFUL"))
            .cardSessionLayout(),
        equalTo(CardSessions.Layout.STATEFUL));
  }

  @Test
  void timerLayoutsFailFastOffFlinkStreamingWithWhatToPass() {
    for (String[] runner :
        new String[][] {
          {"--runner=DirectRunner", "--streaming=true"},
          {"--runner=FlinkRunner"},
          {"--runner=SparkRunner", "--streaming=true"}
        }) {
      IllegalArgumentException windows =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  RunnerFit.resolve(
                          options(
                              runner[0],
                              runner.length > 1 ? runner[1] : "--streaming=false",
                              "--merchantWindowLayout=BUCKETED"))
                      .merchantWindowLayout());
      assertThat(
          windows.getMessage(), containsString("use --merchantWindowLayout=AUTO or WINDOWED"));
      IllegalArgumentException sessions =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  RunnerFit.resolve(
                          options(
                              runner[0],
                              runner.length > 1 ? runner[1] : "--streaming=false",
                              "--cardSessionLayout=STATEFUL"))
                      .cardSessionLayout());
      assertThat(sessions.getMessage(), containsString("use --cardSessionLayout=AUTO or WINDOWED"));
    }
  }
}
