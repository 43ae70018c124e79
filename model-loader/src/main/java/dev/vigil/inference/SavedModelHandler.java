package dev.vigil.inference;

import java.util.Map;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * A TensorFlow SavedModel for {@link RunInference}, loaded with TensorFlow Java: its {@code
 * serving_default} signature (or its only one), inputs and outputs by the signature's names.
 *
 * <pre>{@code
 * readings.apply(RunInference.of(
 *     SavedModelHandler.of("models/anomaly").withPreprocess((Reading r) -> r.vector())));
 * }</pre>
 *
 * @param <T> the example type ({@code float[]} until {@link #withPreprocess} says otherwise)
 */
public final class SavedModelHandler<T> extends TensorModelHandler<T> {
  private static final long serialVersionUID = 1L;

  private SavedModelHandler(
      TensorModelSource source,
      SerializableFunction<T, float[]> preprocess,
      SerializableFunction<T, Map<String, Object>> inputs) {
    super(source, preprocess, inputs);
  }

  /**
   * The SavedModel at {@code baseDir}: a versioned base directory ({@code baseDir/1}, ...) or a
   * SavedModel directory. Its examples are the input rows themselves until {@link #withPreprocess}.
   */
  public static SavedModelHandler<float[]> of(String baseDir) {
    return new SavedModelHandler<>(
        defaults(TensorModelSource.Framework.SAVED_MODEL, baseDir), row -> row, null);
  }

  @Override
  <U> TensorModelHandler<U> copy(
      TensorModelSource source,
      SerializableFunction<U, float[]> preprocess,
      SerializableFunction<U, Map<String, Object>> inputs) {
    return new SavedModelHandler<>(source, preprocess, inputs);
  }
}
