package dev.vigil.pipelines;

import static dev.vigil.pipelines.Outputs.ALERTS;
import static dev.vigil.pipelines.Outputs.CARD_SESSIONS;
import static dev.vigil.pipelines.Outputs.DEAD_LETTERS;
import static dev.vigil.pipelines.Outputs.MERCHANT_WINDOWS;
import static dev.vigil.pipelines.Outputs.SCORED;

import dev.vigil.model.CardAction;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.DecidedTransaction;
import dev.vigil.model.FeatureSet;
import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.Label;
import dev.vigil.model.RawRecord;
import dev.vigil.model.ScoredTransaction;
import dev.vigil.model.Transaction;
import dev.vigil.transforms.WithDeadLetters;
import dev.vigil.transforms.decide.EnforceCardActions;
import dev.vigil.transforms.decide.RaiseAlerts;
import dev.vigil.transforms.features.MerchantFeatures;
import dev.vigil.transforms.parse.ParseCardActions;
import dev.vigil.transforms.parse.ParseLabels;
import java.nio.file.Path;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fraud-detection pipeline: read, parse, trailing card features, in-process TensorFlow scoring,
 * decisions, alerts, windowed summaries, and every record kind written where {@link Outputs} routes
 * it (JSON Lines files, Kafka topics, Cassandra tables).
 *
 * <pre>
 *  source ─► ParseTransactions ─► TrailingCardFeatures ─► [MerchantFeatures] ─► ScoreTransactions ─► Decide ─► [EnforceCardActions] ─┬─► scored
 *              │                        │               ▲ (v2)                   │                           ▲                        ├─► alerts
 *              │                        │    labels ─► ParseLabels               │     card actions ─► ParseCardActions               ├─► merchant windows
 *              └──────────────► dead letters ◄─────────┴─────────────────────────┴───────────────────────────┘                        └─► card sessions
 * </pre>
 *
 * <p>{@code main} parses options and calls {@link #run}; {@link #build} wires the graph onto any
 * pipeline so tests can run it.
 */
public final class FraudDetectionPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(FraudDetectionPipeline.class);

  private FraudDetectionPipeline() {}

  public static void main(String[] args) {
    if (OptionsHelp.printIfAsked(args, "./vigil run", FraudDetectionOptions.class)) {
      return;
    }
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

  /** Checks the options, resolves and applies the runner fit, builds the graph and runs it. */
  public static PipelineResult run(FraudDetectionOptions options) {
    absolutizeLocalPaths(options);
    OptionsCheck.validate(options);
    RunnerFit.Choices fit = RunnerFit.resolve(options);
    RunnerFit.applyTo(options, fit);
    if (options.getSource() == InputOptions.Source.KAFKA
        || options.getOutputs() != OutputOptions.Destinations.FILES) {
      KafkaSettings.checkConnection(options);
    }
    if (!CassandraSettings.hosts(options).isEmpty()) {
      CassandraSettings.checkConnection(options);
    }
    if (FeatureSets.resolve(options) == FeatureSet.V2 && PipelineStages.readsLabelsTopic(options)) {
      KafkaSettings.ensureLabelsTopic(options);
    }
    if (PipelineStages.readsCardActionsTopic(options)) {
      KafkaSettings.ensureCardActionsTopic(options);
    }
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, options, fit);
    return pipeline.run();
  }

  /** Wires the whole pipeline onto {@code pipeline}; changes nothing in the options. */
  public static void build(Pipeline pipeline, FraudDetectionOptions o) {
    OptionsCheck.validate(o);
    build(pipeline, o, RunnerFit.resolve(o));
  }

  static void build(Pipeline pipeline, FraudDetectionOptions o, RunnerFit.Choices fit) {
    Outputs outputs = Outputs.from(o);
    LOG.info("outputs:{}", outputs.describe());
    FeatureSet featureSet = FeatureSets.resolve(o);
    LOG.info("feature set {} ({} features)", featureSet.id(), featureSet.names().size());

    // 1. Read raw records (Kafka or a JSON Lines file) and parse them; bad ones become dead
    // letters.
    WithDeadLetters<Transaction> parsed =
        pipeline
            .apply(ResumeFromCheckpoint.sourceName(o, "ReadTransactions"), PipelineStages.read(o))
            .apply("ParseTransactions", PipelineStages.parse(o));

    // 2. Trailing per-card features (exact in batch, in arrival order in streaming); for v2 also
    // the merchant's activity and its risk from labels (docs/features.md).
    WithDeadLetters<FeaturedTransaction> featured =
        parsed.apply("TrailingCardFeatures", PipelineStages.features(fit, featureSet));
    PCollection<FeaturedTransaction> toScore = featured.output();
    PCollectionList<DeadLetter> labelDeadLetters = PCollectionList.empty(pipeline);
    if (featureSet == FeatureSet.V2) {
      MerchantFeatures merchant = PipelineStages.merchantFeatures(fit);
      PTransform<PBegin, PCollection<RawRecord>> labelSource = PipelineStages.readLabels(o);
      if (labelSource == null) {
        LOG.warn(
            "feature set v2 without labels (no --labelsFile; --labelsTopic is read only from "
                + "Kafka without --maxReadRecords): every merchant risk feature is 0");
      } else {
        WithDeadLetters<Label> labels =
            pipeline.apply("ReadLabels", labelSource).apply("ParseLabels", ParseLabels.create());
        merchant = merchant.withLabels(labels.output());
        labelDeadLetters = labelDeadLetters.and(labels.deadLetters());
      }
      toScore = toScore.apply("MerchantFeatures", merchant);
    }

    // 3. Score with the SavedModel (batched, hot-reloaded); failed inferences become dead letters.
    WithDeadLetters<ScoredTransaction> scored =
        toScore.apply("ScoreTransactions", PipelineStages.score(o, fit, featureSet));

    // 4. Decide APPROVE / REVIEW / BLOCK; a blocked card's transactions are BLOCKed whatever
    // their score (card actions from analysts); raise an alert for every REVIEW or BLOCK.
    PCollection<DecidedTransaction> decided = scored.apply("Decide", PipelineStages.decide(o));
    PTransform<PBegin, PCollection<RawRecord>> actionSource = PipelineStages.readCardActions(o);
    PCollectionList<DeadLetter> actionDeadLetters = PCollectionList.empty(pipeline);
    if (actionSource != null) {
      WithDeadLetters<CardAction> actions =
          pipeline
              .apply("ReadCardActions", actionSource)
              .apply("ParseCardActions", ParseCardActions.create());
      decided = decided.apply("EnforceCardActions", EnforceCardActions.from(actions.output()));
      actionDeadLetters = actionDeadLetters.and(actions.deadLetters());
    }
    outputs.write(SCORED, decided);
    outputs.write(ALERTS, decided.apply("RaiseAlerts", RaiseAlerts.create()));

    // 5. Windowed summaries: sliding merchant windows and card sessions.
    if (o.getSummaries() && outputs.writesAny(MERCHANT_WINDOWS)) {
      outputs.write(
          MERCHANT_WINDOWS,
          decided.apply("MerchantWindows", PipelineStages.merchantWindows(o, fit)));
    }
    if (o.getSummaries() && outputs.writesAny(CARD_SESSIONS)) {
      outputs.write(
          CARD_SESSIONS, decided.apply("CardSessions", PipelineStages.cardSessions(o, fit)));
    }

    // 6. Dead letters of every stage, in one output.
    outputs.write(
        DEAD_LETTERS,
        PCollectionList.of(parsed.deadLetters())
            .and(featured.deadLetters())
            .and(labelDeadLetters.getAll())
            .and(actionDeadLetters.getAll())
            .and(scored.deadLetters())
            .apply("AllDeadLetters", Flatten.pCollections()));
  }

  /**
   * Resolves a relative local {@code --inputFile}, {@code --labelsFile}, {@code --cardActionsFile},
   * {@code --modelDir} and {@code --outputDir} against the submitting process's working directory,
   * so workers on a cluster (other JVMs, other working directories) read and write the same place.
   * URLs ({@code hdfs://}) are kept.
   */
  static void absolutizeLocalPaths(FraudDetectionOptions o) {
    o.setInputFile(absolute(o.getInputFile()));
    o.setLabelsFile(absolute(o.getLabelsFile()));
    o.setCardActionsFile(absolute(o.getCardActionsFile()));
    o.setModelDir(absolute(o.getModelDir()));
    o.setOutputDir(absolute(o.getOutputDir()));
  }

  private static String absolute(String path) {
    boolean relativeLocal =
        path != null && !path.isBlank() && !path.contains("://") && !Path.of(path).isAbsolute();
    return relativeLocal ? Path.of(path).toAbsolutePath().normalize().toString() : path;
  }
}
