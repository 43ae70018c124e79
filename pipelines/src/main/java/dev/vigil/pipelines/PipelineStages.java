package dev.vigil.pipelines;

import dev.vigil.model.FeatureSet;
import dev.vigil.model.RawRecord;
import dev.vigil.modelloader.ModelConfig;
import dev.vigil.transforms.decide.Decide;
import dev.vigil.transforms.features.MerchantFeatures;
import dev.vigil.transforms.features.TrailingCardFeatures;
import dev.vigil.transforms.inference.ScoreTransactions;
import dev.vigil.transforms.io.ReadJsonLines;
import dev.vigil.transforms.parse.ParseTransactions;
import dev.vigil.transforms.windows.CardSessions;
import dev.vigil.transforms.windows.MerchantWindows;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * Each stage of the fraud pipeline configured from the options and the runner fit, so that {@link
 * FraudDetectionPipeline#build} reads as the data flow alone.
 */
final class PipelineStages {
  private PipelineStages() {}

  static PTransform<PBegin, PCollection<RawRecord>> read(FraudDetectionOptions o) {
    return o.getSource() == InputOptions.Source.KAFKA
        ? KafkaSettings.read(o)
        : ReadJsonLines.from(o.getInputFile());
  }

  static ParseTransactions parse(FraudDetectionOptions o) {
    ParseTransactions parse = ParseTransactions.create().withMaxRecordBytes(o.getMaxRecordBytes());
    return o.getSource() == InputOptions.Source.KAFKA && o.getMaxEventTimeAheadMinutes() > 0
        ? parse.withMaxEventTimeAhead(Duration.standardMinutes(o.getMaxEventTimeAheadMinutes()))
        : parse;
  }

  static TrailingCardFeatures features(RunnerFit.Choices fit, FeatureSet set) {
    return TrailingCardFeatures.create().withMode(fit.featureMode()).withFeatureSet(set);
  }

  /**
   * Where labels come from: {@code --labelsFile} if given, else the {@code --labelsTopic} when
   * reading Kafka without a record limit (a bounded run would never end waiting on the topic), else
   * nowhere.
   */
  static PTransform<PBegin, PCollection<RawRecord>> readLabels(FraudDetectionOptions o) {
    if (o.getLabelsFile() != null && !o.getLabelsFile().isBlank()) {
      return ReadJsonLines.from(o.getLabelsFile());
    }
    return readsLabelsTopic(o) ? KafkaSettings.readLabels(o) : null;
  }

  /** Whether labels come from {@code --labelsTopic} (see {@link #readLabels}). */
  static boolean readsLabelsTopic(FraudDetectionOptions o) {
    return (o.getLabelsFile() == null || o.getLabelsFile().isBlank())
        && o.getSource() == InputOptions.Source.KAFKA
        && o.getMaxReadRecords() <= 0;
  }

  /**
   * Where card actions come from: {@code --cardActionsFile} if given, else a non-empty {@code
   * --cardActionsTopic} under the same rule as the labels topic, else nowhere (null).
   */
  static PTransform<PBegin, PCollection<RawRecord>> readCardActions(FraudDetectionOptions o) {
    if (o.getCardActionsFile() != null && !o.getCardActionsFile().isBlank()) {
      return ReadJsonLines.from(o.getCardActionsFile());
    }
    return readsCardActionsTopic(o) ? KafkaSettings.readCardActions(o) : null;
  }

  /** Whether card actions come from {@code --cardActionsTopic} (see {@link #readCardActions}). */
  static boolean readsCardActionsTopic(FraudDetectionOptions o) {
    return (o.getCardActionsFile() == null || o.getCardActionsFile().isBlank())
        && o.getCardActionsTopic() != null
        && !o.getCardActionsTopic().isBlank()
        && o.getSource() == InputOptions.Source.KAFKA
        && o.getMaxReadRecords() <= 0;
  }

  static MerchantFeatures merchantFeatures(RunnerFit.Choices fit) {
    return MerchantFeatures.create().withMode(fit.featureMode());
  }

  static ScoreTransactions score(FraudDetectionOptions o, RunnerFit.Choices fit, FeatureSet set) {
    return ScoreTransactions.with(modelConfig(o, fit, set))
        .withMaxBatchSize(o.getMaxBatchSize())
        .withMaxWait(Duration.millis(o.getMaxBatchWaitMillis()))
        .withShards(o.getScoringShards())
        .withReasonThreshold(o.getReviewThreshold())
        .withBatching(fit.scoreBatching());
  }

  static ModelConfig modelConfig(FraudDetectionOptions o, RunnerFit.Choices fit, FeatureSet set) {
    long poll = o.getModelPollSeconds();
    return ModelConfig.of(o.getModelDir(), set.names())
        .withPollMillis(poll <= 0 ? poll : poll * 1000)
        .withIntraOpThreads(o.getInferenceThreads())
        .withIdleCloseMillis(fit.modelIdleCloseMillis());
  }

  static Decide decide(FraudDetectionOptions o) {
    return Decide.withThresholds(o.getReviewThreshold(), o.getBlockThreshold());
  }

  static MerchantWindows merchantWindows(FraudDetectionOptions o, RunnerFit.Choices fit) {
    return MerchantWindows.create()
        .withSize(Duration.standardMinutes(o.getMerchantWindowMinutes()))
        .withPeriod(Duration.standardMinutes(o.getMerchantWindowEveryMinutes()))
        .withAllowedLateness(Duration.standardMinutes(o.getAllowedLatenessMinutes()))
        .withLayout(fit.merchantWindowLayout());
  }

  static CardSessions cardSessions(FraudDetectionOptions o, RunnerFit.Choices fit) {
    return CardSessions.create()
        .withGap(Duration.standardMinutes(o.getSessionGapMinutes()))
        .withAllowedLateness(Duration.standardMinutes(o.getAllowedLatenessMinutes()))
        .withLayout(fit.cardSessionLayout());
  }
}
