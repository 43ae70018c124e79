package dev.vigil.pipelines.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.modelloader.ModelExporter;
import dev.vigil.pipelines.OptionsHelp;
import dev.vigil.pipelines.generate.GenerateTransactions;
import dev.vigil.pipelines.generate.TransactionGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code ./vigil train}: labelled history (generated, seeded, unless given) → the training feature
 * pass (a Beam batch pipeline with the serving feature transforms) → TensorFlow training → held-out
 * evaluation → export as the next version under {@code --modelDir}. No Python.
 */
public final class TrainFraudModel {
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
    Path work = Path.of(o.getWorkDir()).toAbsolutePath();
    Files.createDirectories(work);
    Path history = o.getHistory() != null ? Path.of(o.getHistory()) : generateHistory(o, work);

    long start = System.nanoTime();
    Path featuresOut = work.resolve("features-" + System.currentTimeMillis());
    Pipeline pipeline = Pipeline.create(o);
    TrainingFeatures.build(pipeline, history.toString(), featuresOut.toString());
    pipeline.run().waitUntilFinish();
    System.out.printf(
        "feature pass (%s): %.1f s%n",
        o.getRunner().getSimpleName(), (System.nanoTime() - start) / 1e9);

    LabelledRows all = LabelledRows.load(history, featuresOut.resolve("features"));
    LabelledRows[] split = all.splitByCard(o.getHoldoutFraction(), o.getSeed());
    System.out.printf(
        "rows: %,d (%,d fraud); train %,d, holdout %,d (split by card)%n",
        all.size(), all.positives(), split[0].size(), split[1].size());

    try (FraudModelTrainer trainer =
        new FraudModelTrainer(split[0], o.getLearningRate(), o.getSeed())) {
      long t0 = System.nanoTime();
      double loss =
          trainer.train(split[0], o.getSteps(), o.getBatchSize(), o.getFraudShare(), o.getSeed());
      System.out.printf(
          "trained %d steps in %.1f s, final loss %.4f%n",
          o.getSteps(), (System.nanoTime() - t0) / 1e9, loss);
      Evaluation eval = new Evaluation(trainer.score(split[1]), split[1]);
      System.out.print(eval.render(o.getReviewThreshold(), o.getBlockThreshold()));

      ObjectNode training = new ObjectMapper().createObjectNode();
      training.put("trained_at", Instant.now().toString());
      training.put("history", history.getFileName().toString());
      training.put("seed", o.getSeed());
      training.put("rows", all.size());
      training.put("steps", o.getSteps());
      training.put("final_loss", loss);
      training.set("holdout", eval.toJson(o.getReviewThreshold(), o.getBlockThreshold()));
      Path base = Path.of(o.getModelDir());
      long version = ModelExporter.nextVersion(base);
      return trainer.export(base, version, split[0].legitimateMedians(), training);
    }
  }

  private static Path generateHistory(TrainOptions o, Path work) throws IOException {
    Path history = work.resolve("history.jsonl");
    GenerateTransactions.write(
        TransactionGenerator.builder()
            .seed(o.getSeed())
            .transactions(o.getHistoryTransactions())
            .cards(o.getHistoryCards())
            .days(o.getHistoryDays())
            .fraudRate(o.getHistoryFraudRate())
            .build()
            .lines(),
        history);
    System.out.printf(
        "generated labelled history: %,d transactions, %,d cards, %d days -> %s%n",
        o.getHistoryTransactions(), o.getHistoryCards(), o.getHistoryDays(), history);
    return history;
  }
}
