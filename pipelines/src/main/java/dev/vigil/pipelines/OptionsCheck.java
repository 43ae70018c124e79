package dev.vigil.pipelines;

/**
 * Checks the fraud pipeline's options before anything is built, and fails fast with a message that
 * says what to fix: missing values, values out of range, and options that contradict each other
 * (named together, so the user knows which one to drop).
 */
final class OptionsCheck {
  private OptionsCheck() {}

  static void validate(FraudDetectionOptions o) {
    requireInput(o);
    rejectConflicts(o);
    KafkaSettings.properties(o); // fails fast on malformed --kafkaProperties
    if (isBlank(o.getModelDir())) {
      throw new IllegalArgumentException(
          "no model: pass --modelDir=DIR (a base directory of "
              + "SavedModel versions, e.g. testdata/model)");
    }
    if (!(o.getReviewThreshold() >= 0
        && o.getReviewThreshold() <= o.getBlockThreshold()
        && o.getBlockThreshold() <= 1)) {
      throw new IllegalArgumentException(
          "thresholds must satisfy 0 <= --reviewThreshold <= --blockThreshold <= 1, got "
              + o.getReviewThreshold()
              + " and "
              + o.getBlockThreshold());
    }
    requirePositive("--maxBatchSize", o.getMaxBatchSize());
    requirePositive("--maxBatchWaitMillis", o.getMaxBatchWaitMillis());
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
          "--merchantWindowEveryMinutes ("
              + o.getMerchantWindowEveryMinutes()
              + ") must not exceed --merchantWindowMinutes ("
              + o.getMerchantWindowMinutes()
              + ")");
    }
  }

  private static void requireInput(FraudDetectionOptions o) {
    if (o.getSource() == InputOptions.Source.FILE && isBlank(o.getInputFile())) {
      throw new IllegalArgumentException(
          "no input: pass --inputFile=PATH (a JSON Lines file or glob of transactions), "
              + "or --source=KAFKA with --bootstrapServers and --inputTopic");
    }
  }

  /** Options that are ignored under another option's value are rejected, naming both. */
  private static void rejectConflicts(FraudDetectionOptions o) {
    boolean kafkaIn = o.getSource() == InputOptions.Source.KAFKA;
    boolean kafkaOut = o.getOutputs() != OutputOptions.Destinations.FILES;
    conflict(
        kafkaIn && !isBlank(o.getInputFile()),
        "--source=KAFKA",
        "--inputFile=" + o.getInputFile(),
        "the file is not read from Kafka");
    conflict(
        !kafkaIn && o.getMaxReadRecords() > 0,
        "--source=FILE",
        "--maxReadRecords=" + o.getMaxReadRecords(),
        "it bounds Kafka reads only");
    conflict(
        !kafkaOut && o.getKafkaExactlyOnce(),
        "--outputs=FILES",
        "--kafkaExactlyOnce",
        "it applies to Kafka outputs only");
    conflict(
        !kafkaOut && !isBlank(o.getMerchantWindowsTopic()),
        "--outputs=FILES",
        "--merchantWindowsTopic=" + o.getMerchantWindowsTopic(),
        "topics are written with --outputs=KAFKA or BOTH");
    conflict(
        !kafkaOut && !isBlank(o.getCardSessionsTopic()),
        "--outputs=FILES",
        "--cardSessionsTopic=" + o.getCardSessionsTopic(),
        "topics are written with --outputs=KAFKA or BOTH");
  }

  private static void conflict(boolean when, String first, String second, String why) {
    if (when) {
      throw new IllegalArgumentException(
          first + " conflicts with " + second + " (" + why + "): drop one of them");
    }
  }

  private static void requirePositive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
