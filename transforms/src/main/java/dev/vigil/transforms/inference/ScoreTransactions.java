package dev.vigil.transforms.inference;

import com.google.auto.value.AutoValue;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.FeatureSet;
import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.ScoredTransaction;
import dev.vigil.modelloader.ModelConfig;
import dev.vigil.modelloader.ModelValidationException;
import dev.vigil.transforms.WithDeadLetters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupIntoBatches;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Scores every transaction with a TensorFlow SavedModel loaded in process, in batches: Beam's
 * {@code RunInference}, for Java and Vigil's features.
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
 *   <li>One model call per batch (plus one for the reasons of high scores); a failed call sends the
 *       batch's elements to the dead letters (stage {@value #STAGE}), never retried forever.
 *   <li>Each output keeps its transaction's event time as its timestamp.
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

  /** How elements are gathered into model calls. */
  public enum Batching {
    /** {@link #PER_BUNDLE} for bounded input, {@link #GROUP_INTO_BATCHES} for unbounded input. */
    AUTO,
    /** Sharded {@link GroupIntoBatches}: size or maximum wait, whatever the bundles (timers). */
    GROUP_INTO_BATCHES,
    /** Batches within each bundle, flushed at its end: no state, no timers. */
    PER_BUNDLE
  }

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

  /** The batching {@code expand} will use for an input of the given boundedness. */
  public Batching resolvedBatching(PCollection.IsBounded bounded) {
    if (batching() != Batching.AUTO) {
      return batching();
    }
    return bounded == PCollection.IsBounded.BOUNDED
        ? Batching.PER_BUNDLE
        : Batching.GROUP_INTO_BATCHES;
  }

  @Override
  public WithDeadLetters<ScoredTransaction> expand(PCollection<FeaturedTransaction> input) {
    ModelConfig model = model();
    int maxBatchSize = maxBatchSize();
    double reasonThreshold = reasonThreshold();
    if (!Files.isDirectory(Path.of(model.baseDir()))) {
      throw new IllegalArgumentException(
          "model directory "
              + model.baseDir()
              + " does not exist: pass --modelDir=DIR holding "
              + "version directories DIR/1, DIR/2, ... (./vigil train writes one)");
    }
    TupleTag<ScoredTransaction> scored = new TupleTag<>() {};
    TupleTag<DeadLetter> dead = new TupleTag<>() {};
    if (resolvedBatching(input.isBounded()) == Batching.PER_BUNDLE) {
      PCollectionTuple result =
          input.apply(
              "ScoreInBundleBatches",
              ParDo.of(new BundleBatchScoreFn(model, reasonThreshold, maxBatchSize, scored, dead))
                  .withOutputTags(scored, TupleTagList.of(dead)));
      return WithDeadLetters.of(result, scored, dead);
    }
    int shardCount = shards();
    PCollectionTuple result =
        input
            .apply(
                "AssignBatchShard",
                WithKeys.of(
                        (FeaturedTransaction f) ->
                            Math.floorMod(
                                f.getTransaction().getTransactionId().hashCode(), shardCount))
                    .withKeyType(TypeDescriptors.integers()))
            .apply(
                "BatchForInference",
                GroupIntoBatches.<Integer, FeaturedTransaction>ofSize(maxBatchSize)
                    .withMaxBufferingDuration(maxWait()))
            .apply(
                "ScoreBatches",
                ParDo.of(new ScoreBatchFn(model, reasonThreshold, scored, dead))
                    .withOutputTags(scored, TupleTagList.of(dead)));
    return WithDeadLetters.of(result, scored, dead);
  }

  /** Unbounded-input scoring of the batches {@link GroupIntoBatches} emits. */
  static final class ScoreBatchFn
      extends DoFn<KV<Integer, Iterable<FeaturedTransaction>>, ScoredTransaction> {
    private final ModelConfig config;
    private final double reasonThreshold;
    private final TupleTag<ScoredTransaction> scoredTag;
    private final TupleTag<DeadLetter> deadTag;
    private transient InferenceRunner runner;

    ScoreBatchFn(
        ModelConfig config,
        double reasonThreshold,
        TupleTag<ScoredTransaction> scoredTag,
        TupleTag<DeadLetter> deadTag) {
      this.config = config;
      this.reasonThreshold = reasonThreshold;
      this.scoredTag = scoredTag;
      this.deadTag = deadTag;
    }

    @Setup
    public void setup() throws ModelValidationException {
      runner = new InferenceRunner(config, reasonThreshold);
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<FeaturedTransaction>> batch, MultiOutputReceiver out) {
      List<FeaturedTransaction> elements = new ArrayList<>();
      batch.getValue().forEach(elements::add);
      if (elements.isEmpty()) {
        return;
      }
      InferenceRunner.Outcome outcome = runner.run(elements);
      for (ScoredTransaction s : outcome.scored()) {
        out.get(scoredTag)
            .outputWithTimestamp(s, new Instant(s.getTransaction().getEventTimeMillis()));
      }
      for (DeadLetter d : outcome.deadLetters()) {
        out.get(deadTag).output(d);
      }
    }

    @Teardown
    public void teardown() {
      if (runner != null) {
        runner.close();
        runner = null;
      }
    }

    @Override
    public Duration getAllowedTimestampSkew() {
      // A batch is emitted at its oldest element's timestamp (GroupIntoBatches holds the
      // watermark there); each output goes back to its own, later or equal, event time.
      return Duration.millis(Long.MAX_VALUE);
    }
  }
}
