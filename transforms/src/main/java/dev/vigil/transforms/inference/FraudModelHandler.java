package dev.vigil.transforms.inference;

import dev.vigil.inference.ModelHandler;
import dev.vigil.inference.PredictionResult;
import dev.vigil.inference.Predictor;
import dev.vigil.inference.SharedModelPredictor;
import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.ScoredTransaction;
import dev.vigil.modelloader.ModelConfig;
import dev.vigil.modelloader.ModelLease;
import dev.vigil.modelloader.ModelValidationException;
import dev.vigil.modelloader.ScoringModel;
import dev.vigil.modelloader.SharedModel;
import dev.vigil.modelloader.SharedModels;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Vigil's fraud model as a {@link ModelHandler} of {@link dev.vigil.inference.RunInference}: a
 * versioned SavedModel with Vigil's feature manifest ({@link ModelConfig}), fed each transaction's
 * feature vector, answering two outputs per transaction: {@value #SCORE} (the score) and {@value
 * #REASONS} (the features that drove a high score, as indexes into the pipeline's feature names,
 * strongest first; see {@link BatchScorer}). {@link #toScored} turns a result back into a {@link
 * ScoredTransaction}.
 */
final class FraudModelHandler extends ModelHandler<FeaturedTransaction> {
  private static final long serialVersionUID = 1L;
  static final String SCORE = "score";
  static final String REASONS = "reasons";
  private static final String[] OUTPUTS = {SCORE, REASONS};

  private final ModelConfig config;
  private final double reasonThreshold;

  FraudModelHandler(ModelConfig config, double reasonThreshold) {
    this.config = config;
    this.reasonThreshold = reasonThreshold;
  }

  @Override
  public void validate() {
    if (!Files.isDirectory(Path.of(config.baseDir()))) {
      throw new IllegalArgumentException(
          "model directory "
              + config.baseDir()
              + " does not exist: pass --modelDir=DIR holding "
              + "version directories DIR/1, DIR/2, ... (./vigil train writes one)");
    }
  }

  @Override
  public String location() {
    return config.baseDir();
  }

  @Override
  public String metricsNamespace() {
    return ScoreTransactions.METRICS_NAMESPACE;
  }

  @Override
  public Predictor<FeaturedTransaction> open() throws ModelValidationException {
    SharedModel<ScoringModel> shared = SharedModels.acquire(config);
    BatchScorer scorer = new BatchScorer(reasonThreshold);
    List<String> names = config.features();
    return new SharedModelPredictor<FeaturedTransaction, ScoringModel>(shared) {
      @Override
      public List<PredictionResult<FeaturedTransaction>> predict(List<FeaturedTransaction> batch) {
        try (ModelLease<ScoringModel> lease = shared.lease()) {
          ScoringModel model = lease.model();
          BatchScorer.Scores s = scorer.scores(model, batch);
          String id = model.directory().toString();
          List<PredictionResult<FeaturedTransaction>> out = new ArrayList<>(batch.size());
          for (int i = 0; i < batch.size(); i++) {
            List<String> reasons = s.reasons().get(i);
            float[] indexes = new float[reasons.size()];
            for (int k = 0; k < indexes.length; k++) {
              indexes[k] = names.indexOf(reasons.get(k));
            }
            out.add(
                PredictionResult.owning(
                    batch.get(i), OUTPUTS, new float[][] {{s.scores()[i]}, indexes}, 0, id));
          }
          return out;
        }
      }
    };
  }

  /** The scored transaction a result stands for. */
  static ScoredTransaction toScored(PredictionResult<FeaturedTransaction> r, List<String> names) {
    float[] indexes = r.inference(REASONS);
    List<String> reasons = new ArrayList<>(indexes.length);
    for (float i : indexes) {
      reasons.add(names.get((int) i));
    }
    // The model id is the version directory, whose name is the version number.
    String id = r.modelId();
    long version = Long.parseLong(id.substring(id.lastIndexOf(File.separatorChar) + 1));
    return ScoredTransaction.of(r.example(), r.inference()[0], version, reasons);
  }
}
