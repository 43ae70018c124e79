package dev.vigil.pipelines;

import dev.vigil.model.Alert;
import dev.vigil.model.CardSession;
import dev.vigil.model.MerchantWindow;
import dev.vigil.transforms.io.cassandra.WriteToCassandra;
import java.util.Arrays;
import java.util.List;
import dev.vigil.model.CardFeatures;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.DecidedTransaction;
import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.RawRecord;
import dev.vigil.model.ScoredTransaction;
import dev.vigil.model.Transaction;
import dev.vigil.modelloader.ModelConfig;
import dev.vigil.transforms.WithDeadLetters;
import dev.vigil.transforms.decide.Decide;
import dev.vigil.transforms.decide.RaiseAlerts;
import dev.vigil.transforms.features.TrailingCardFeatures;
import dev.vigil.transforms.inference.ScoreTransactions;
import dev.vigil.transforms.io.JsonFormat;
import dev.vigil.transforms.io.ReadJsonLines;
import dev.vigil.transforms.io.WriteJsonRecords;
import dev.vigil.transforms.parse.ParseTransactions;
import dev.vigil.transforms.windows.CardSessions;
import dev.vigil.transforms.windows.MerchantWindows;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.joda.time.Duration;

/**
 * The fraud-detection pipeline: read, parse, trailing card features, in-process TensorFlow
 * scoring, decisions, windowed aggregates, and every output as JSON Lines under {@code
 * --outputDir}.
 *
 * <pre>
 *  source ─► ParseTransactions ─► TrailingCardFeatures ─► ScoreTransactions ─► Decide ─┬─► scored/
 *              │                        │                       │                     ├─► alerts/
 *              └──────────────► deadletter/ ◄───────────────────┘                     ├─► merchant_windows/
 *                                                                                     └─► card_sessions/
 * </pre>
 *
 * <p>{@code main} parses options and calls {@link #run}; {@link #build} wires the graph onto any
 * pipeline so tests can run it.
 */
public final class FraudDetectionPipeline {
  private FraudDetectionPipeline() {}

  public static void main(String[] args) {
    PipelineOptionsFactory.register(FraudDetectionOptions.class);
    FraudDetectionOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(FraudDetectionOptions.class);
    long started = System.nanoTime();
    PipelineResult result = run(options);
    if (options.isSubmitOnly()) {
      System.out.println("submitted: " + result + " (state " + result.getState() + ")");
      System.exit(0); // a cluster client may keep non-daemon threads; the job runs on without us
    }
    result.waitUntilFinish();
    System.out.println(RunSummary.of(result, (System.nanoTime() - started) / 1_000_000).render());
  }

  public static PipelineResult run(FraudDetectionOptions options) {
    absolutizeLocalPaths(options);
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, options);
    return pipeline.run();
  }

  /**
   * Resolves a relative local {@code --inputFile}, {@code --modelDir} and {@code --outputDir} against the submitting
   * process's working directory, so workers on a cluster (other JVMs, other working
   * directories) read and write the same place. URLs ({@code gs://}, {@code hdfs://}) are kept.
   */
  static void absolutizeLocalPaths(FraudDetectionOptions o) {
    if (isRelativeLocal(o.getInputFile())) {
      o.setInputFile(java.nio.file.Path.of(o.getInputFile()).toAbsolutePath().normalize().toString());
    }
    if (isRelativeLocal(o.getModelDir())) {
      o.setModelDir(java.nio.file.Path.of(o.getModelDir()).toAbsolutePath().normalize().toString());
    }
    if (isRelativeLocal(o.getOutputDir())) {
      o.setOutputDir(java.nio.file.Path.of(o.getOutputDir()).toAbsolutePath().normalize().toString());
    }
  }

  private static boolean isRelativeLocal(String path) {
    return path != null && !path.isBlank() && !path.contains("://") && !java.nio.file.Path.of(path).isAbsolute();
  }

  /** Checks option values and fails fast with a message that says what to fix. */
  static void validate(FraudDetectionOptions o) {
    if (o.getSource() == FraudDetectionOptions.Source.FILE
        && (o.getInputFile() == null || o.getInputFile().isBlank())) {
      throw new IllegalArgumentException(
          "no input: pass --inputFile=PATH (a JSON Lines file or glob of transactions), "
              + "or --source=KAFKA with --bootstrapServers and --inputTopic");
    }
    KafkaSettings.properties(o); // fails fast on malformed --kafkaProperties
    if (o.getModelDir() == null || o.getModelDir().isBlank()) {
      throw new IllegalArgumentException(
          "no model: pass --modelDir=DIR (a base directory of SavedModel versions, e.g. testdata/model)");
    }
    if (!(o.getReviewThreshold() >= 0 && o.getReviewThreshold() <= o.getBlockThreshold()
        && o.getBlockThreshold() <= 1)) {
      throw new IllegalArgumentException(
          "thresholds must satisfy 0 <= --reviewThreshold <= --blockThreshold <= 1, got "
              + o.getReviewThreshold() + " and " + o.getBlockThreshold());
    }
    requirePositive("--maxBatchSize", o.getMaxBatchSize());
    requirePositive("--maxBatchWaitMillis", (int) Math.min(Integer.MAX_VALUE, o.getMaxBatchWaitMillis()));
    requirePositive("--scoringShards", o.getScoringShards());
    requirePositive("--inferenceThreads", o.getInferenceThreads());
    requirePositive("--merchantWindowMinutes", o.getMerchantWindowMinutes());
    requirePositive("--merchantWindowEveryMinutes", o.getMerchantWindowEveryMinutes());
    requirePositive("--sessionGapMinutes", o.getSessionGapMinutes());
    requirePositive("--maxRecordBytes", o.getMaxRecordBytes());
    if (o.getAllowedLatenessMinutes() < 0) {
      throw new IllegalArgumentException(
          "--allowedLatenessMinutes must be >= 0, got " + o.getAllowedLatenessMinutes());
    }
    if (o.getMerchantWindowEveryMinutes() > o.getMerchantWindowMinutes()) {
      throw new IllegalArgumentException(
          "--merchantWindowEveryMinutes (" + o.getMerchantWindowEveryMinutes()
              + ") must not exceed --merchantWindowMinutes (" + o.getMerchantWindowMinutes() + ")");
    }
  }

  static List<String> cassandraHosts(FraudDetectionOptions o) {
    if (o.getCassandraHosts() == null || o.getCassandraHosts().isBlank()) {
      return List.of();
    }
    return Arrays.stream(o.getCassandraHosts().split(",")).map(String::trim).filter(h -> !h.isEmpty()).toList();
  }

  private static <T, R extends java.io.Serializable> WriteToCassandra<T, R> cassandra(
      WriteToCassandra<T, R> write, List<String> hosts, FraudDetectionOptions o) {
    return write.withHosts(hosts).withPort(o.getCassandraPort()).withKeyspace(o.getCassandraKeyspace());
  }

  static ModelConfig modelConfig(FraudDetectionOptions o) {
    long poll = o.getModelPollSeconds();
    return ModelConfig.of(o.getModelDir(), CardFeatures.NAMES)
        .withPollMillis(poll <= 0 ? poll : poll * 1000)
        .withIntraOpThreads(o.getInferenceThreads())
        // Spark streaming sets DoFns up and tears them down with every micro-batch task.
        .withIdleCloseMillis(RunnerFit.streamingWithoutUserTimers(o) ? 60_000 : 0);
  }

  private static void requirePositive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }

  /** Wires the whole pipeline onto {@code pipeline}. */
  public static void build(Pipeline pipeline, FraudDetectionOptions o) {
    validate(o);
    RunnerFit.boundFlinkBundles(o);
    String out = o.getOutputDir();
    PCollection<RawRecord> raw =
        o.getSource() == FraudDetectionOptions.Source.KAFKA
            ? pipeline.apply("ReadTransactions", KafkaSettings.read(o))
            : pipeline.apply("ReadTransactions", ReadJsonLines.from(o.getInputFile()));
    boolean files = o.getOutputs() != FraudDetectionOptions.Outputs.KAFKA;
    boolean kafka = o.getOutputs() != FraudDetectionOptions.Outputs.FILES;

    WithDeadLetters<Transaction> parsed =
        raw.apply(
            "ParseTransactions", ParseTransactions.create().withMaxRecordBytes(o.getMaxRecordBytes()));
    WithDeadLetters<FeaturedTransaction> featured =
        parsed.apply(
            "TrailingCardFeatures", TrailingCardFeatures.create().withMode(RunnerFit.featureMode(o)));

    WithDeadLetters<ScoredTransaction> scored =
        featured.apply(
            "ScoreTransactions",
            ScoreTransactions.with(modelConfig(o))
                .withMaxBatchSize(o.getMaxBatchSize())
                .withMaxWait(Duration.millis(o.getMaxBatchWaitMillis()))
                .withShards(o.getScoringShards())
                .withReasonThreshold(o.getReviewThreshold())
                .withBatching(RunnerFit.scoreBatching(o)));
    PCollection<DecidedTransaction> decided =
        scored.apply("Decide", Decide.withThresholds(o.getReviewThreshold(), o.getBlockThreshold()));

    Duration lateness = Duration.standardMinutes(o.getAllowedLatenessMinutes());
    PCollection<Alert> alerts = decided.apply("RaiseAlerts", RaiseAlerts.create());
    List<String> cassandra = cassandraHosts(o);
    if (!cassandra.isEmpty()) {
      decided.apply("ScoredToCassandra", cassandra(WriteToCassandra.scored(), cassandra, o));
      alerts.apply("AlertsToCassandra", cassandra(WriteToCassandra.alerts(), cassandra, o));
    }
    if (files) {
      decided.apply("WriteScored", WriteJsonRecords.of("scored", JsonFormat::decided).to(out));
      alerts.apply("WriteAlerts", WriteJsonRecords.of("alerts", JsonFormat::alert).to(out));
    }
    if (kafka) {
      decided.apply("WriteScoredToKafka",
          KafkaSettings.write(o, o.getScoredTopic(), JsonFormat::decided, (DecidedTransaction d) -> d.getTransaction().getCardId()));
      alerts.apply("WriteAlertsToKafka",
          KafkaSettings.write(o, o.getAlertsTopic(), JsonFormat::alert, Alert::getCardId));
    }
    boolean windowsToKafka = kafka && o.getMerchantWindowsTopic() != null && !o.getMerchantWindowsTopic().isBlank();
    boolean sessionsToKafka = kafka && o.getCardSessionsTopic() != null && !o.getCardSessionsTopic().isBlank();
    if (o.getSummaries() && (files || windowsToKafka || sessionsToKafka || !cassandra.isEmpty())) {
      PCollection<MerchantWindow> merchantWindows = decided
          .apply(
              "MerchantWindows",
              MerchantWindows.create()
                  .withSize(Duration.standardMinutes(o.getMerchantWindowMinutes()))
                  .withPeriod(Duration.standardMinutes(o.getMerchantWindowEveryMinutes()))
                  .withAllowedLateness(lateness)
                  .withLayout(RunnerFit.merchantWindowLayout(o)));
      if (files) {
        merchantWindows.apply(
            "WriteMerchantWindows", WriteJsonRecords.of("merchant_windows", JsonFormat::merchantWindow).to(out));
      }
      if (windowsToKafka) {
        merchantWindows.apply("WriteMerchantWindowsToKafka",
            KafkaSettings.write(o, o.getMerchantWindowsTopic(), JsonFormat::merchantWindow, MerchantWindow::getMerchantId));
      }
      PCollection<CardSession> cardSessions = decided
          .apply(
              "CardSessions",
              CardSessions.create()
                  .withGap(Duration.standardMinutes(o.getSessionGapMinutes()))
                  .withAllowedLateness(lateness)
                  .withLayout(RunnerFit.cardSessionLayout(o)));
      if (files) {
        cardSessions.apply("WriteCardSessions", WriteJsonRecords.of("card_sessions", JsonFormat::cardSession).to(out));
      }
      if (sessionsToKafka) {
        cardSessions.apply("WriteCardSessionsToKafka",
            KafkaSettings.write(o, o.getCardSessionsTopic(), JsonFormat::cardSession, CardSession::getCardId));
      }
      if (!cassandra.isEmpty()) {
        merchantWindows.apply("MerchantWindowsToCassandra", cassandra(WriteToCassandra.merchantWindows(), cassandra, o));
        cardSessions.apply("CardSessionsToCassandra", cassandra(WriteToCassandra.cardSessions(), cassandra, o));
      }
    }

    PCollection<DeadLetter> deadLetters =
        PCollectionList.of(parsed.deadLetters())
            .and(featured.deadLetters())
            .and(scored.deadLetters())
            .apply("AllDeadLetters", Flatten.pCollections());
    if (files) {
      deadLetters.apply("WriteDeadLetters", WriteJsonRecords.<DeadLetter>of("deadletter", JsonFormat::deadLetter).to(out));
    }
    if (kafka) {
      deadLetters.apply("WriteDeadLettersToKafka",
          KafkaSettings.write(o, o.getDeadLetterTopic(), JsonFormat::deadLetter, KafkaSettings::deadLetterKey));
    }
  }
}
