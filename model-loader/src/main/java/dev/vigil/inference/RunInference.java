package dev.vigil.inference;

import java.io.Serializable;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.GroupIntoBatches;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;

/**
 * Scores every element of a {@code PCollection} with a model, in batches: Beam Python's {@code
 * RunInference}, for Java.
 *
 * <pre>{@code
 * PCollection<PredictionResult<Reading>> scored = readings.apply(
 *     RunInference.of(OnnxModelHandler.of("models/anomaly.onnx")
 *         .withPreprocess((Reading r) -> r.vector())));
 * }</pre>
 *
 * <ul>
 *   <li><b>Batching.</b> Unbounded input: elements are spread over {@code shards} keys and batched
 *       with {@link GroupIntoBatches}: a batch goes to the model when it reaches {@code
 *       maxBatchSize} or when its first element has waited {@code maxWait}, however small the
 *       streaming bundles. Bounded input: batches of up to {@code maxBatchSize} within each bundle,
 *       no state or timers. {@link Batching} forces either ({@link Batching#PER_BUNDLE} is the
 *       streaming choice on runners without user timers, such as Beam 2.62's Spark runner).
 *   <li><b>The model</b> is opened in {@code @Setup} through the {@link ModelHandler}, one per JVM
 *       whatever the number of DoFn instances, and closed with the last {@code @Teardown}.
 *   <li><b>Failures.</b> Without {@link #withExceptionHandling()} a batch that cannot be scored
 *       fails the bundle (the runner retries it). With it, a failed batch is retried element by
 *       element once, and the elements that still fail come out as {@link InferenceFailure}s with
 *       their reasons.
 *   <li>Every output keeps its element's timestamp and window. {@link #ofKeyed} keeps the keys of
 *       {@code KV} input.
 * </ul>
 *
 * <p>Metrics (namespace {@value #METRICS_NAMESPACE}): {@code inferences}, {@code failures}, {@code
 * batch_size}, {@code inference_latency_us} (per model call), {@code model_load_ms}, {@code
 * model_versions_refused}, gauge {@code model_version}.
 *
 * @param <T> the example type
 */
public final class RunInference<T>
    extends PTransform<PCollection<T>, PCollection<PredictionResult<T>>> {
  public static final String METRICS_NAMESPACE = "vigil.inference";

  /** How elements are gathered into model calls. */
  public enum Batching {
    /** {@link #PER_BUNDLE} for bounded input, {@link #GROUP_INTO_BATCHES} for unbounded input. */
    AUTO,
    /** Sharded {@link GroupIntoBatches}: size or maximum wait, whatever the bundles (timers). */
    GROUP_INTO_BATCHES,
    /** Batches within each bundle, flushed at its end: no state, no timers. */
    PER_BUNDLE
  }

  /** The batching settings every variant shares. */
  record Settings(int maxBatchSize, Duration maxWait, int shards, Batching batching)
      implements Serializable {
    static final Settings DEFAULT = new Settings(256, Duration.millis(50), 4, Batching.AUTO);

    Settings withMaxBatchSize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("maxBatchSize must be >= 1, got " + size);
      }
      return new Settings(size, maxWait, shards, batching);
    }

    Settings withMaxWait(Duration wait) {
      if (wait == null || wait.getMillis() <= 0) {
        throw new IllegalArgumentException("maxWait must be positive, got " + wait);
      }
      return new Settings(maxBatchSize, wait, shards, batching);
    }

    Settings withShards(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("shards must be >= 1, got " + n);
      }
      return new Settings(maxBatchSize, maxWait, n, batching);
    }

    Settings withBatching(Batching b) {
      if (b == null) {
        throw new IllegalArgumentException("batching must not be null");
      }
      return new Settings(maxBatchSize, maxWait, shards, b);
    }

    Batching resolve(PCollection.IsBounded bounded) {
      if (batching != Batching.AUTO) {
        return batching;
      }
      return bounded == PCollection.IsBounded.BOUNDED
          ? Batching.PER_BUNDLE
          : Batching.GROUP_INTO_BATCHES;
    }
  }

  private final ModelHandler<T> handler;
  private final Settings settings;

  private RunInference(ModelHandler<T> handler, Settings settings) {
    this.handler = handler;
    this.settings = settings;
  }

  /** Scores with {@code handler}'s model; defaults: batches of 256, 50 ms wait, 4 shards. */
  public static <T> RunInference<T> of(ModelHandler<T> handler) {
    return new RunInference<>(checked(handler), Settings.DEFAULT);
  }

  /** Scores the values of {@code KV} input, keeping their keys. */
  public static <K, T> Keyed<K, T> ofKeyed(ModelHandler<T> handler) {
    return new Keyed<>(checked(handler), Settings.DEFAULT);
  }

  /** The most elements scored in one model call. */
  public RunInference<T> withMaxBatchSize(int size) {
    return new RunInference<>(handler, settings.withMaxBatchSize(size));
  }

  /** The longest an element waits for its batch to fill (unbounded input). */
  public RunInference<T> withMaxWait(Duration wait) {
    return new RunInference<>(handler, settings.withMaxWait(wait));
  }

  /** The number of keys elements are spread over for batching (parallel batches). */
  public RunInference<T> withShards(int shards) {
    return new RunInference<>(handler, settings.withShards(shards));
  }

  /** How elements are gathered into model calls ({@link Batching}). */
  public RunInference<T> withBatching(Batching batching) {
    return new RunInference<>(handler, settings.withBatching(batching));
  }

  /**
   * The same scoring, with the elements that cannot be scored as an output: {@code result.output()}
   * the predictions, {@code result.failures()} the failed elements with reasons.
   */
  public WithExceptionHandling<T> withExceptionHandling() {
    return new WithExceptionHandling<>(handler, settings);
  }

  /** The batching {@code expand} uses for an input of the given boundedness. */
  public Batching resolvedBatching(PCollection.IsBounded bounded) {
    return settings.resolve(bounded);
  }

  @Override
  public PCollection<PredictionResult<T>> expand(PCollection<T> input) {
    TupleTag<PredictionResult<T>> results = new TupleTag<>() {};
    TupleTag<InferenceFailure<T>> failed = new TupleTag<>() {};
    return apply(input, handler, Adapter.plain(), settings, false, results, failed).get(results);
  }

  /** {@link RunInference} with failed elements as an output. */
  public static final class WithExceptionHandling<T>
      extends PTransform<
          PCollection<T>,
          WithFailures.Result<PCollection<PredictionResult<T>>, InferenceFailure<T>>> {
    private final ModelHandler<T> handler;
    private final Settings settings;

    private WithExceptionHandling(ModelHandler<T> handler, Settings settings) {
      this.handler = handler;
      this.settings = settings;
    }

    @Override
    public WithFailures.Result<PCollection<PredictionResult<T>>, InferenceFailure<T>> expand(
        PCollection<T> input) {
      TupleTag<PredictionResult<T>> results = new TupleTag<>() {};
      TupleTag<InferenceFailure<T>> failed = new TupleTag<>() {};
      PCollectionTuple out =
          apply(input, handler, Adapter.plain(), settings, true, results, failed);
      return WithFailures.Result.of(out.get(results), out.get(failed));
    }
  }

  /**
   * {@link RunInference} of {@code KV} values, keeping the keys: {@code KV<K, T>} in, {@code KV<K,
   * PredictionResult<T>>} out.
   */
  public static final class Keyed<K, T>
      extends PTransform<PCollection<KV<K, T>>, PCollection<KV<K, PredictionResult<T>>>> {
    private final ModelHandler<T> handler;
    private final Settings settings;

    private Keyed(ModelHandler<T> handler, Settings settings) {
      this.handler = handler;
      this.settings = settings;
    }

    public Keyed<K, T> withMaxBatchSize(int size) {
      return new Keyed<>(handler, settings.withMaxBatchSize(size));
    }

    public Keyed<K, T> withMaxWait(Duration wait) {
      return new Keyed<>(handler, settings.withMaxWait(wait));
    }

    public Keyed<K, T> withShards(int shards) {
      return new Keyed<>(handler, settings.withShards(shards));
    }

    public Keyed<K, T> withBatching(Batching batching) {
      return new Keyed<>(handler, settings.withBatching(batching));
    }

    /** The same, with failed elements (and their keys) as an output. */
    public PTransform<
            PCollection<KV<K, T>>,
            WithFailures.Result<
                PCollection<KV<K, PredictionResult<T>>>, InferenceFailure<KV<K, T>>>>
        withExceptionHandling() {
      ModelHandler<T> h = handler;
      Settings s = settings;
      return new PTransform<>() {
        @Override
        public WithFailures.Result<
                PCollection<KV<K, PredictionResult<T>>>, InferenceFailure<KV<K, T>>>
            expand(PCollection<KV<K, T>> input) {
          TupleTag<KV<K, PredictionResult<T>>> results = new TupleTag<>() {};
          TupleTag<InferenceFailure<KV<K, T>>> failed = new TupleTag<>() {};
          PCollectionTuple out = apply(input, h, Adapter.keyed(), s, true, results, failed);
          return WithFailures.Result.of(out.get(results), out.get(failed));
        }
      };
    }

    @Override
    public PCollection<KV<K, PredictionResult<T>>> expand(PCollection<KV<K, T>> input) {
      TupleTag<KV<K, PredictionResult<T>>> results = new TupleTag<>() {};
      TupleTag<InferenceFailure<KV<K, T>>> failed = new TupleTag<>() {};
      return apply(input, handler, Adapter.keyed(), settings, false, results, failed).get(results);
    }
  }

  private static <T> ModelHandler<T> checked(ModelHandler<T> handler) {
    if (handler == null) {
      throw new IllegalArgumentException("the model handler must not be null");
    }
    handler.validate();
    return handler;
  }

  /** The expansion every variant shares. */
  static <E, T, O> PCollectionTuple apply(
      PCollection<E> input,
      ModelHandler<T> handler,
      Adapter<E, T, O> adapter,
      Settings settings,
      boolean handleFailures,
      TupleTag<O> results,
      TupleTag<InferenceFailure<E>> failed) {
    PCollectionTuple out;
    if (settings.resolve(input.isBounded()) == Batching.PER_BUNDLE) {
      out =
          input.apply(
              "InferInBundleBatches",
              ParDo.of(
                      new InferenceFns.BundleBatchFn<>(
                          handler,
                          adapter,
                          handleFailures,
                          settings.maxBatchSize(),
                          results,
                          failed))
                  .withOutputTags(results, TupleTagList.of(failed)));
    } else {
      out =
          input
              .apply(
                  "AssignBatchShard",
                  ParDo.of(new InferenceFns.AssignShardFn<E>(settings.shards())))
              .setCoder(
                  KvCoder.of(
                      VarIntCoder.of(),
                      TimestampedValue.TimestampedValueCoder.of(input.getCoder())))
              .apply(
                  "BatchForInference",
                  GroupIntoBatches.<Integer, TimestampedValue<E>>ofSize(settings.maxBatchSize())
                      .withMaxBufferingDuration(settings.maxWait()))
              .apply(
                  "InferBatches",
                  ParDo.of(
                          new InferenceFns.GroupedBatchFn<>(
                              handler, adapter, handleFailures, results, failed))
                      .withOutputTags(results, TupleTagList.of(failed)));
    }
    out.get(results).setCoder(adapter.outputCoder(input.getCoder()));
    out.get(failed).setCoder(InferenceFailureCoder.of(input.getCoder()));
    return out;
  }
}
