package dev.vigil.transforms.inference;

import com.google.auto.value.AutoValue;
import dev.vigil.inference.InferenceFailure;
import dev.vigil.inference.PredictionResult;
import dev.vigil.inference.RunInference;
import dev.vigil.inference.RunInference.Batching;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.DeadLetterCoder;
import dev.vigil.model.FeatureSet;
import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.ScoredTransaction;
import dev.vigil.model.ScoredTransactionCoder;
import dev.vigil.modelloader.ModelConfig;
import dev.vigil.transforms.WithDeadLetters;
import dev.vigil.transforms.io.JsonFormat;
import java.util.List;
import org.apache.beam.sdk.transforms.GroupIntoBatches;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Duration;

/**
 * Scores every transaction with a TensorFlow SavedModel loaded in process, in batches: Vigil's
 * {@link RunInference} with the fraud model's handler ({@link FraudModelHandler}), its results
 * turned back into {@link ScoredTransaction}s and its failures into dead letters.
 *
 * <ul>
 *   <li>Unbounded input: elements are spread over {@code shards} keys and batched with {@link
 *       GroupIntoBatches}: a batch is scored when it reaches {@code maxBatchSize} or when its first
 *       element has waited {@code maxWait} (processing time), so batching adds at most {@code
 *       maxWait} of latency even when streaming bundles are tiny.
 *   <li>Bounded input: batches of up to {@code maxBatchSize} within each bundle, no state or
 *       timers, every element keeping its timestamp and window (so downstream event-time windows
 *       see no late data).
 *   <li>{@link Batching} forces either way; {@link Batching#PER_BUNDLE} is the streaming choice on
 *       runners without user timers in streaming (Beam 2.62's Spark runner, where a bundle is a
 *       partition of a micro-batch, so the batch interval bounds the wait instead).
 *   <li>One model per JVM ({@link SharedModels}), opened in {@code @Setup}, released in
 *       {@code @Teardown}; new versions under the base directory are picked up while running.
 *   <li>One model call per batch (plus one for the reasons of high scores); a failed call is
 *       retried element by element once, and the elements that still fail go to the dead letters
 *       (stage {@value #STAGE}), never retried forever.
 *   <li>Each output keeps its input element's timestamp (the transaction's event time).
 * </ul>
 *
 * <pre>{@code
 * WithDeadLetters<ScoredTransaction> scored = featured.apply("Score",
 *     ScoreTransactions.with(ModelConfig.of("models/fraud", CardFeatures.NAMES))
 *         .withMaxBatchSize(256).withMaxWait(Duration.millis(50)));
 * }</pre>
 *
 * <p>Metrics (namespace {@value #METRICS_NAMESPACE}): {@code inferences}, {@code batch_size},
 * {@code inference_latency_us}, {@code failures}, {@code model_load_ms}, {@code
 * model_versions_refused}, gauge {@code model_version}.
 */
@AutoValue
public abstract class ScoreTransactions
    extends PTransform<PCollection<FeaturedTransaction>, WithDeadLetters<ScoredTransaction>> {
  public static final String STAGE = "score";
  public static final String METRICS_NAMESPACE = "vigil.score";

  abstract ModelConfig model();

  abstract int maxBatchSize();

  abstract Duration maxWait();

  abstract int shards();

  abstract double reasonThreshold();

  abstract Batching batching();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setModel(ModelConfig model);

    abstract Builder setMaxBatchSize(int maxBatchSize);

    abstract Builder setMaxWait(Duration maxWait);

    abstract Builder setShards(int shards);

    abstract Builder setReasonThreshold(double reasonThreshold);

    abstract Builder setBatching(Batching batching);

    abstract ScoreTransactions build();
  }

  /** Scores with the model of {@code model}; defaults: batch 256, wait 50 ms, 4 shards. */
  public static ScoreTransactions with(ModelConfig model) {
    if (model == null) {
      throw new IllegalArgumentException("model config must not be null");
    }
    boolean aFeatureSet = false;
    for (FeatureSet set : FeatureSet.values()) {
      aFeatureSet |= set.names().equals(model.features());
    }
    if (!aFeatureSet) {
      throw new IllegalArgumentException(
          "ScoreTransactions feeds the names of a feature set (v1: "
              + FeatureSet.V1.names()
              + ", or v2); the model config lists "
              + model.features());
    }
    return new AutoValue_ScoreTransactions.Builder()
        .setModel(model)
        .setMaxBatchSize(256)
        .setMaxWait(Duration.millis(50))
        .setShards(4)
        .setReasonThreshold(0.5)
        .setBatching(Batching.AUTO)
        .build();
  }

  /** The most transactions scored in one model call. */
  public ScoreTransactions withMaxBatchSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("maxBatchSize must be >= 1, got " + size);
    }
    return toBuilder().setMaxBatchSize(size).build();
  }

  /** The longest a transaction waits for its batch to fill ({@code GroupIntoBatches}). */
  public ScoreTransactions withMaxWait(Duration wait) {
    if (wait == null || wait.getMillis() <= 0) {
      throw new IllegalArgumentException("maxWait must be positive, got " + wait);
    }
    return toBuilder().setMaxWait(wait).build();
  }

  /** The number of keys transactions are spread over for batching (parallel batches). */
  public ScoreTransactions withShards(int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be >= 1, got " + shards);
    }
    return toBuilder().setShards(shards).build();
  }

  /** Scores at or above this get reasons (the features that drove them). */
  public ScoreTransactions withReasonThreshold(double threshold) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("reason threshold must be in [0, 1], got " + threshold);
    }
    return toBuilder().setReasonThreshold(threshold).build();
  }

  /** How transactions are gathered into model calls ({@link Batching}). */
  public ScoreTransactions withBatching(Batching batching) {
    if (batching == null) {
      throw new IllegalArgumentException("batching must not be null");
    }
    return toBuilder().setBatching(batching).build();
  }

  @Override
  public WithDeadLetters<ScoredTransaction> expand(PCollection<FeaturedTransaction> input) {
    ModelConfig model = model();
    List<String> names = model.features();
    WithFailures.Result<
            PCollection<PredictionResult<FeaturedTransaction>>,
            InferenceFailure<FeaturedTransaction>>
        result =
            input.apply(
                "RunInference",
                RunInference.of(new FraudModelHandler(model, reasonThreshold()))
                    .withMaxBatchSize(maxBatchSize())
                    .withMaxWait(maxWait())
                    .withShards(shards())
                    .withBatching(batching())
                    .withExceptionHandling());
    PCollection<ScoredTransaction> scored =
        result
            .output()
            .apply(
                "ToScoredTransactions",
                MapElements.into(TypeDescriptor.of(ScoredTransaction.class))
                    .via(r -> FraudModelHandler.toScored(r, names)))
            .setCoder(ScoredTransactionCoder.of());
    String source = "model:" + model.baseDir();
    PCollection<DeadLetter> dead =
        result
            .failures()
            .apply(
                "ToDeadLetters",
                MapElements.into(TypeDescriptor.of(DeadLetter.class))
                    .via(
                        f ->
                            DeadLetter.of(
                                JsonFormat.featured(f.element()),
                                "inference failed: " + f.reason(),
                                STAGE,
                                source)))
            .setCoder(DeadLetterCoder.of());
    return WithDeadLetters.of(scored, dead);
  }
}
