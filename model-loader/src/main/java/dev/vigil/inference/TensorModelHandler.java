package dev.vigil.inference;

import dev.vigil.modelloader.ModelValidationException;
import dev.vigil.modelloader.SharedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.joda.time.Duration;

/**
 * What {@link SavedModelHandler} and {@link OnnxModelHandler} share: a model of numeric tensors,
 * fed from each example by {@link #withPreprocess} (one input) or {@link #withInputs} (several),
 * loaded once per JVM, hot-reloaded from a versioned base directory.
 *
 * <p>The location is a model (an {@code .onnx} file; a SavedModel directory) or a versioned base
 * directory ({@code base/1}, {@code base/2}, ... as TensorFlow Serving lays them out): the newest
 * version that loads serves, a newer one is picked up within the poll interval, and a version that
 * fails to load, lacks the chosen input or output, or fails a probe call is refused while the
 * current one keeps serving.
 *
 * <p>Inputs are checked before every call: a wrong number of values, a NaN or an infinity, a value
 * type that is not the input's, a missing or unknown input name each fail with a message naming the
 * example and the input.
 *
 * @param <T> the example type
 */
public abstract class TensorModelHandler<T> extends ModelHandler<T> {
  private static final long serialVersionUID = 1L;
  private final TensorModelSource source;
  private final SerializableFunction<T, float[]> preprocess;
  private final SerializableFunction<T, Map<String, Object>> inputs;

  TensorModelHandler(
      TensorModelSource source,
      SerializableFunction<T, float[]> preprocess,
      SerializableFunction<T, Map<String, Object>> inputs) {
    this.source = source;
    this.preprocess = preprocess;
    this.inputs = inputs;
  }

  /** This handler's class with other settings. */
  abstract <U> TensorModelHandler<U> copy(
      TensorModelSource source,
      SerializableFunction<U, float[]> preprocess,
      SerializableFunction<U, Map<String, Object>> inputs);

  /**
   * Feeds the model's input (its only one, or the one named by {@link #withInput}) with the float
   * values {@code preprocess} returns for each example (a float64 input takes them widened).
   */
  public <U> TensorModelHandler<U> withPreprocess(SerializableFunction<U, float[]> preprocess) {
    if (preprocess == null) {
      throw new IllegalArgumentException("preprocess must not be null");
    }
    return copy(source, preprocess, null);
  }

  /**
   * Feeds a model of several inputs: {@code inputs} returns, for each example, every input's values
   * by name: {@code float[]} (float32 or float64 inputs), {@code double[]} (float64), {@code int[]}
   * (int32 or int64) or {@code long[]} (int64).
   */
  public <U> TensorModelHandler<U> withInputs(SerializableFunction<U, Map<String, Object>> inputs) {
    if (inputs == null) {
      throw new IllegalArgumentException("inputs must not be null");
    }
    return copy(source, null, inputs);
  }

  /** The input {@link #withPreprocess} feeds, when the model has several. */
  public TensorModelHandler<T> withInput(String name) {
    return copy(
        source.with(requireName(name), source.output(), source.featureNames()), preprocess, inputs);
  }

  /**
   * The output {@link PredictionResult#inference()} returns (default: Vigil's manifest's, else the
   * model's first; {@link PredictionResult#inferences()} has them all).
   */
  public TensorModelHandler<T> withOutput(String name) {
    return copy(
        source.with(source.input(), requireName(name), source.featureNames()), preprocess, inputs);
  }

  /**
   * The names of the values {@link #withPreprocess} returns, in order. A model version that carries
   * Vigil's feature manifest ({@code vigil-features.json}) then gets the features it names, in its
   * own order (any subset), and a version naming a feature not among these is refused; a version
   * without a manifest gets the values as they are.
   */
  public TensorModelHandler<T> withFeatureNames(List<String> names) {
    if (names == null || names.isEmpty()) {
      throw new IllegalArgumentException("feature names must not be empty");
    }
    return copy(source.with(source.input(), source.output(), names), preprocess, inputs);
  }

  /**
   * How often to look for a new version under a versioned base directory (default 30 s), as Vigil's
   * {@code --modelPollSeconds}: zero looks before every batch, negative never.
   */
  public TensorModelHandler<T> withPollInterval(Duration interval) {
    if (interval == null) {
      throw new IllegalArgumentException("the poll interval must not be null");
    }
    long millis = Math.max(-1, interval.getMillis());
    return copy(
        source.serving(millis, source.intraOpThreads(), source.idleCloseMillis()),
        preprocess,
        inputs);
  }

  /** Intra-op threads per model call (default 1: fastest for small models, one call per core). */
  public TensorModelHandler<T> withIntraOpThreads(int threads) {
    return copy(
        source.serving(source.pollMillis(), threads, source.idleCloseMillis()), preprocess, inputs);
  }

  /**
   * How long the model stays loaded after the last DoFn using it is torn down (default 0), for a
   * runner that sets DoFns up and tears them down often (Spark streaming: every micro-batch).
   */
  public TensorModelHandler<T> withIdleClose(Duration linger) {
    return copy(
        source.serving(source.pollMillis(), source.intraOpThreads(), linger.getMillis()),
        preprocess,
        inputs);
  }

  @Override
  public void validate() {
    if (!Files.exists(Path.of(source.location()))) {
      throw new IllegalArgumentException(
          "model "
              + source.location()
              + " does not exist: give a model ("
              + (source.framework() == TensorModelSource.Framework.ONNX
                  ? "an .onnx file"
                  : "a SavedModel directory")
              + ") or a versioned base directory holding DIR/1, DIR/2, ...");
    }
  }

  @Override
  public Predictor<T> open() throws ModelValidationException {
    return new TensorPredictor<>(SharedModels.acquire(source), preprocess, inputs);
  }

  @Override
  public String location() {
    return source.location();
  }

  TensorModelSource source() {
    return source;
  }

  private static String requireName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a tensor name must not be blank");
    }
    return name;
  }

  static TensorModelSource defaults(TensorModelSource.Framework framework, String location) {
    return new TensorModelSource(framework, location, null, null, null, 30_000, 1, 0);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + source.location() + ")";
  }
}
