package dev.vigil.pipelines.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.modelloader.ModelExporter;
import dev.vigil.pipelines.EmbeddedFlink;
import dev.vigil.pipelines.OptionsHelp;
import dev.vigil.pipelines.generate.GenerateTransactions;
import dev.vigil.pipelines.generate.HandbookSimulator;
import dev.vigil.pipelines.generate.TransactionGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code ./vigil train}: labelled history (generated, seeded, from two generators, unless given) →
 * the training feature pass (a Beam batch pipeline with the serving feature transforms, writing a
 * binary {@link RowFile}) → TensorFlow training on minibatches read from the memory-mapped rows →
 * held-out evaluation → export as the next version under {@code --modelDir}. No Python; the rows
 * never sit on the heap as objects.
 */
public final class TrainFraudModel {
  /** Legitimate rows sampled for the reasons' baseline medians (exact below this many). */
  static final int MEDIAN_SAMPLE = 200_000;

  private TrainFraudModel() {}

  public static void main(String[] args) throws Exception {
    if (OptionsHelp.printIfAsked(args, "./vigil train", TrainOptions.class)) {
      return;
    }
    PipelineOptionsFactory.register(TrainOptions.class);
    TrainOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(TrainOptions.class);
    Path exported = run(options);
    System.out.println("exported " + exported);
  }

  /** Runs everything; returns the exported version directory. */
  public static Path run(TrainOptions o) throws Exception {
    validate(o);
    Path work = Path.of(o.getWorkDir()).toAbsolutePath();
    Files.createDirectories(work);
    Path history = o.getHistory() != null ? Path.of(o.getHistory()) : generateHistory(o, work);

    long start = System.nanoTime();
    Path featuresOut = work.resolve("features-" + System.currentTimeMillis());
    EmbeddedFlink.configure(o);
    Pipeline pipeline = Pipeline.create(o);
    TrainingFeatures.build(
        pipeline,
        history.toString(),
        featuresOut.toString(),
        o.getFeatureSet(),
        o.getLabelDelayDays());
    pipeline.run().waitUntilFinish();
    System.out.printf(
        "feature pass (%s, feature set %s): %.1f s%n",
        o.getRunner().getSimpleName(), o.getFeatureSet().id(), (System.nanoTime() - start) / 1e9);

    try (RowFile.Rows rows = RowFile.Rows.open(featuresOut.resolve("rows"))) {
      RowSubset[] split = RowSubset.splitByCard(rows, o.getHoldoutFraction(), o.getSeed());
      split[0] = split[0].afterWarmup(o.getWarmupDays());
      split[1] = split[1].afterWarmup(o.getWarmupDays());
      long positives = split[0].positives() + split[1].positives();
      System.out.printf(
          "rows: %,d in %s; after %d warm-up days %,d (%,d fraud): train %,d, holdout %,d (split by"
              + " card)%n",
          rows.size(),
          featuresOut.resolve("rows"),
          o.getWarmupDays(),
          split[0].size() + split[1].size(),
          positives,
          split[0].size(),
          split[1].size());
      if (split[0].positives() == 0 || split[1].size() == 0) {
        throw new IllegalArgumentException(
            "nothing to train on after --warmupDays="
                + o.getWarmupDays()
                + ": the training rows hold "
                + split[0].positives()
                + " frauds and the holdout "
                + split[1].size()
                + " rows; use a longer history or fewer warm-up days");
      }
      return trainAndExport(o, history, rows.size(), split);
    }
  }

  private static Path trainAndExport(TrainOptions o, Path history, int rows, RowSubset[] split)
      throws IOException {
    try (FraudModelTrainer trainer =
        new FraudModelTrainer(split[0], o.getLearningRate(), o.getSeed())) {
      long t0 = System.nanoTime();
      double loss;
      ObjectNode stopping = new ObjectMapper().createObjectNode();
      if (o.getValidationFraction() > 0) {
        RowSubset[] byTime = split[0].splitByTime(o.getValidationFraction());
        FraudModelTrainer.EarlyStopping e =
            trainer.trainWithEarlyStopping(
                byTime[0],
                byTime[1],
                o.getSteps(),
                o.getBatchSize(),
                o.getFraudShare(),
                o.getSeed(),
                o.getEvalEvery(),
                o.getPatience());
        loss = e.loss();
        System.out.printf(
            "trained %d of %d steps in %.1f s on %,d rows; kept step %d (validation average"
                + " precision %.3f on the last %.0f %% of the time span, %,d rows)%n",
            e.stepsRun(),
            o.getSteps(),
            (System.nanoTime() - t0) / 1e9,
            byTime[0].size(),
            e.bestStep(),
            e.bestValidationAp(),
            o.getValidationFraction() * 100,
            byTime[1].size());
        stopping.put("steps_run", e.stepsRun());
        stopping.put("best_step", e.bestStep());
        stopping.put("validation_average_precision", e.bestValidationAp());
      } else {
        loss =
            trainer.train(split[0], o.getSteps(), o.getBatchSize(), o.getFraudShare(), o.getSeed());
        System.out.printf(
            "trained %d steps in %.1f s, final loss %.4f%n",
            o.getSteps(), (System.nanoTime() - t0) / 1e9, loss);
      }
      Evaluation eval = new Evaluation(trainer.score(split[1]), split[1]);
      System.out.print(eval.render(o.getReviewThreshold(), o.getBlockThreshold()));

      ObjectNode training = new ObjectMapper().createObjectNode();
      training.put("trained_at", Instant.now().toString());
      training.put("history", history.getFileName().toString());
      training.put("seed", o.getSeed());
      training.put("rows", rows);
      training.put("steps", o.getSteps());
      training.put("final_loss", loss);
      training.set("early_stopping", stopping);
      training.set("holdout", eval.toJson(o.getReviewThreshold(), o.getBlockThreshold()));
      Path base = Path.of(o.getModelDir());
      long version = ModelExporter.nextVersion(base);
      return trainer.export(
          base, version, split[0].legitimateMedians(MEDIAN_SAMPLE, o.getSeed()), training);
    }
  }

  /** Fails fast on training options out of range, naming the option. */
  static void validate(TrainOptions o) {
    if (!(o.getValidationFraction() >= 0 && o.getValidationFraction() < 0.9)) {
      throw new IllegalArgumentException(
          "--validationFraction must be in [0, 0.9), got " + o.getValidationFraction());
    }
    if (!(o.getHoldoutFraction() > 0 && o.getHoldoutFraction() < 1)) {
      throw new IllegalArgumentException(
          "--holdoutFraction must be in (0, 1), got " + o.getHoldoutFraction());
    }
    if (o.getWarmupDays() < 0) {
      throw new IllegalArgumentException("--warmupDays must be >= 0, got " + o.getWarmupDays());
    }
    if (o.getLabelDelayDays() < 0) {
      throw new IllegalArgumentException(
          "--labelDelayDays must be >= 0, got " + o.getLabelDelayDays());
    }
    if (o.getSteps() < 1 || o.getBatchSize() < 1 || o.getEvalEvery() < 1 || o.getPatience() < 1) {
      throw new IllegalArgumentException(
          "--steps, --batchSize, --evalEvery and --patience must be >= 1, got "
              + o.getSteps()
              + ", "
              + o.getBatchSize()
              + ", "
              + o.getEvalEvery()
              + ", "
              + o.getPatience());
    }
  }

  /**
   * The generated history: Vigil's generator, plus (unless {@code --handbookCustomers=0}) the
   * Handbook simulator's customers and terminals over the same number of days, in one file.
   */
  private static Path generateHistory(TrainOptions o, Path work) throws IOException {
    Path history = work.resolve("history.jsonl");
    GenerateTransactions.write(
        TransactionGenerator.builder()
            .seed(o.getSeed())
            .transactions(o.getHistoryTransactions())
            .cards(o.getHistoryCards())
            .days(o.getHistoryDays())
            .fraudRate(o.getHistoryFraudRate())
            .scenarioRanges(o.getHistoryScenarios())
            .build()
            .lines(),
        history);
    long handbook = 0;
    if (o.getHandbookCustomers() > 0) {
      Path part = work.resolve("history-handbook.jsonl");
      HandbookSimulator sim =
          HandbookSimulator.of(
                  o.getSeed(),
                  o.getHandbookCustomers(),
                  2 * o.getHandbookCustomers(),
                  o.getHistoryDays())
              // Over the same days as Vigil's generator: the validation split is by time.
              .startingAt(TransactionGenerator.DEFAULT_START)
              .simulate();
      handbook = sim.write(part, 0, o.getHistoryDays());
      try (OutputStream out = Files.newOutputStream(history, StandardOpenOption.APPEND)) {
        Files.copy(part, out);
      }
      Files.delete(part);
    }
    System.out.printf(
        "generated labelled history: %,d transactions of %,d cards (Vigil's generator, %s"
            + " scenario ranges) and %,d of %,d customers (the Handbook's simulator), %d days ->"
            + " %s%n",
        o.getHistoryTransactions(),
        o.getHistoryCards(),
        o.getHistoryScenarios(),
        handbook,
        o.getHandbookCustomers(),
        o.getHistoryDays(),
        history);
    return history;
  }
}
