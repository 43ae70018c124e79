package dev.vigil.pipelines.train;

import dev.vigil.model.FeatureSet;
import dev.vigil.pipelines.generate.ScenarioRanges;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Options of {@code ./vigil train}. */
@Description("Training options")
public interface TrainOptions extends PipelineOptions {
  @Description("Labelled history (JSON Lines with a label column). Generated when not given.")
  String getHistory();

  void setHistory(String value);

  @Description(
      "Transactions of Vigil's generator in the history generated when --history is not given.")
  @Default.Integer(90_000)
  int getHistoryTransactions();

  void setHistoryTransactions(int value);

  @Description("Cards in the generated history.")
  @Default.Integer(2_000)
  int getHistoryCards();

  void setHistoryCards(int value);

  @Description("Days of event time in the generated history.")
  @Default.Integer(45)
  int getHistoryDays();

  void setHistoryDays(int value);

  @Description(
      "Customers of the Fraud Detection Handbook's simulator mixed into the generated history "
          + "(twice as many terminals, --historyDays days; its own card and merchant ids), so the "
          + "model does not learn one generator; 0 for Vigil's generator alone.")
  @Default.Integer(1_000)
  int getHandbookCustomers();

  void setHandbookCustomers(int value);

  @Description(
      "How widely Vigil's generator draws the fraud scenarios' parameters in the generated "
          + "history: TRAINING (its first ranges, those of testdata/sample), BROAD (the shipped "
          + "model's) or WIDE (the detection benchmark's robustness stream).")
  @Default.Enum("BROAD")
  ScenarioRanges getHistoryScenarios();

  void setHistoryScenarios(ScenarioRanges value);

  @Description("Fraction of fraud transactions of Vigil's generator in the generated history.")
  @Default.Double(0.03)
  double getHistoryFraudRate();

  void setHistoryFraudRate(double value);

  @Description("Seed for the generated history, initial weights and minibatches.")
  @Default.Long(2026)
  long getSeed();

  void setSeed(long value);

  @Description("Model base directory the new version is exported into (next free version number).")
  @Default.String("testdata/model")
  String getModelDir();

  void setModelDir(String value);

  @Description("Working directory for the history, features and intermediate files.")
  @Default.String(".work/train")
  String getWorkDir();

  void setWorkDir(String value);

  @Description(
      "Training steps (minibatches) at most; early stopping (--patience) usually ends sooner.")
  @Default.Integer(20_000)
  int getSteps();

  void setSteps(int value);

  @Description("Minibatch size.")
  @Default.Integer(1024)
  int getBatchSize();

  void setBatchSize(int value);

  @Description("Share of fraud rows in each minibatch (over-sampling the rare class).")
  @Default.Double(0.2)
  double getFraudShare();

  void setFraudShare(double value);

  @Description("Adam learning rate.")
  @Default.Float(0.003f)
  float getLearningRate();

  void setLearningRate(float value);

  @Description(
      "Share of the training rows' time span, at its end, used to choose when to stop: "
          + "the weights with the best average precision there are exported (0: train every step).")
  @Default.Double(0.15)
  double getValidationFraction();

  void setValidationFraction(double value);

  @Description("Steps between two validations (early stopping).")
  @Default.Integer(250)
  int getEvalEvery();

  void setEvalEvery(int value);

  @Description("Validations without improvement before training stops.")
  @Default.Integer(8)
  int getPatience();

  void setPatience(int value);

  @Description("Fraction of cards held out for evaluation.")
  @Default.Double(0.2)
  double getHoldoutFraction();

  void setHoldoutFraction(double value);

  @Description("REVIEW threshold the evaluation reports.")
  @Default.Double(0.5)
  double getReviewThreshold();

  void setReviewThreshold(double value);

  @Description("BLOCK threshold the evaluation reports.")
  @Default.Double(0.9)
  double getBlockThreshold();

  void setBlockThreshold(double value);

  @Description(
      "Feature set to train on (docs/features.md): V2 (default: card profiles, merchant activity "
          + "and risk from the history's labels) or V1 (the nine 1 h/24 h card features).")
  @Default.Enum("V2")
  FeatureSet getFeatureSet();

  void setFeatureSet(FeatureSet value);

  @Description(
      "Days after a transaction its label becomes known, for history lines without labelled_at "
          + "(the merchant risk features count a label only from then on; 7 is the Handbook's "
          + "feedback delay).")
  @Default.Integer(7)
  int getLabelDelayDays();

  void setLabelDelayDays(int value);

  @Description(
      "Days at the start of the history that only feed the features of later rows and are not "
          + "trained or evaluated on (v2's 30-day profiles are complete only after 30 days of "
          + "history).")
  @Default.Integer(0)
  int getWarmupDays();

  void setWarmupDays(int value);
}
