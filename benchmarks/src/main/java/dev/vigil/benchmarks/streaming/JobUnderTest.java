package dev.vigil.benchmarks.streaming;

import dev.vigil.benchmarks.nativeflink.NativeFraudJob;
import dev.vigil.pipelines.FraudDetectionOptions;
import dev.vigil.pipelines.FraudDetectionPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.joda.time.Duration;

/**
 * One streaming job the benchmark runs in this JVM: Vigil on a Beam runner, or the native Flink
 * peer.
 */
abstract class JobUnderTest {
  final String name;

  JobUnderTest(String name) {
    this.name = name;
  }

  /** Topics a run reads and writes, and where it may keep files. */
  record Io(
      String input,
      String scored,
      String alerts,
      String dead,
      String windows,
      String sessions,
      String group,
      Path workDir) {
    static Io of(String tag, String input, Path work) {
      return new Io(
          input,
          "scored-" + tag,
          "alerts-" + tag,
          "dead-" + tag,
          "windows-" + tag,
          "sessions-" + tag,
          "group-" + tag,
          work.resolve(tag));
    }

    /** A Cassandra keyspace of this run's own, named after its consumer group. */
    String keyspace() {
      return group.replaceAll("[^A-Za-z0-9]", "_");
    }

    /** Vigil's options for this run's broker, topics and consumer group. */
    List<String> kafkaOptions() {
      return List.of(
          "--bootstrapServers=" + BenchKafka.BOOTSTRAP,
          "--inputTopic=" + input,
          "--consumerGroup=" + group,
          "--scoredTopic=" + scored,
          "--alertsTopic=" + alerts,
          "--deadLetterTopic=" + dead,
          "--merchantWindowsTopic=" + windows,
          "--cardSessionsTopic=" + sessions);
    }

    /**
     * Output topics, created before a job starts (auto-creation under a running job fails its first
     * writes).
     */
    String[] outputs() {
      return new String[] {scored, alerts, dead, windows, sessions};
    }
  }

  /** Starts the job; closing the handle cancels it. */
  abstract AutoCloseable start(Io io) throws Exception;

  /** Vigil's pipeline ({@link FraudDetectionPipeline}) on a Beam runner, with extra options. */
  static JobUnderTest beam(String name, Path modelDir, List<String> runnerArgs) {
    return new JobUnderTest(name) {
      @Override
      AutoCloseable start(Io io) {
        List<String> args = new ArrayList<>(runnerArgs);
        args.addAll(
            List.of(
                "--streaming=true",
                "--source=KAFKA",
                "--outputs=KAFKA",
                "--modelDir=" + modelDir,
                "--modelPollSeconds=-1",
                "--outputDir=" + io.workDir().resolve("out")));
        args.addAll(io.kafkaOptions());
        return run(args);
      }
    };
  }

  /**
   * Vigil's pipeline with the options of a shipped {@code runner-configs} file as they are, except
   * where it runs: this run's topics, consumer group, Cassandra keyspace (on the benchmark's
   * Cassandra), output and checkpoint directories, and the model by absolute path. The job is
   * started detached ({@code --attachedMode=false}). {@code extra} options (experiments) replace
   * the file's.
   */
  static JobUnderTest shipped(String name, Path configFile, Path modelDir, List<String> extra)
      throws IOException {
    List<String> config = new ArrayList<>();
    for (String line : Files.readAllLines(configFile)) {
      int hash = line.indexOf('#');
      String option = (hash < 0 ? line : line.substring(0, hash)).trim();
      if (!option.isEmpty()) {
        config.add(option);
      }
    }
    return new JobUnderTest(name) {
      @Override
      AutoCloseable start(Io io) {
        List<String> where = new ArrayList<>(io.kafkaOptions());
        where.addAll(extra);
        where.addAll(
            List.of(
                "--attachedMode=false",
                "--modelDir=" + modelDir,
                "--outputDir=" + io.workDir().resolve("out"),
                "--stateBackendStoragePath=" + io.workDir().resolve("checkpoints").toUri(),
                "--cassandraHosts=" + BenchCassandra.HOST,
                "--cassandraPort=" + BenchCassandra.PORT,
                "--cassandraKeyspace=" + io.keyspace()));
        List<String> args = new ArrayList<>();
        for (String option : config) {
          String key = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
          if (where.stream().noneMatch(w -> w.startsWith(key + "="))) {
            args.add(option);
          }
        }
        args.addAll(where);
        return run(args);
      }
    };
  }

  private static AutoCloseable run(List<String> args) {
    FraudDetectionOptions options =
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
            .as(FraudDetectionOptions.class);
    PipelineResult result = FraudDetectionPipeline.run(options);
    return () -> {
      result.cancel();
      try {
        result.waitUntilFinish(Duration.standardSeconds(30));
      } catch (RuntimeException e) {
        // cancellation may surface as an exception
      }
    };
  }

  /** The hand-written Flink DataStream job ({@link NativeFraudJob}) on an in-process Flink. */
  static JobUnderTest nativeFlink(
      Path modelDir,
      String checkpointDir,
      int parallelism,
      long checkpointMillis,
      int maxBatch,
      long maxWaitMillis,
      long bufferTimeoutMillis) {
    return new JobUnderTest("Native Flink 1.19 DataStream") {
      @Override
      AutoCloseable start(Io io) throws Exception {
        StreamExecutionEnvironment env =
            StreamExecutionEnvironment.createLocalEnvironment(parallelism, new Configuration());
        env.enableCheckpointing(checkpointMillis);
        env.getCheckpointConfig().setCheckpointStorage(checkpointDir);
        env.setBufferTimeout(bufferTimeoutMillis);
        NativeFraudJob.build(
            env,
            new NativeFraudJob.Settings(
                BenchKafka.BOOTSTRAP,
                io.input(),
                io.group(),
                io.scored(),
                io.alerts(),
                io.dead(),
                modelDir.toString(),
                maxBatch,
                maxWaitMillis,
                0.5,
                0.8,
                5));
        JobClient client = env.executeAsync("native-" + io.group());
        return () -> client.cancel().get();
      }
    };
  }
}
