package dev.vigil.inference;

import java.util.Map;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * An ONNX model for {@link RunInference}, run by ONNX Runtime for Java (CPU): inputs and outputs by
 * the graph's names, in its order. Models exported by PyTorch, scikit-learn (skl2onnx), Keras
 * (tf2onnx) or written with the {@code onnx} package load as they are.
 *
 * <pre>{@code
 * PCollection<PredictionResult<Reading>> scored = readings.apply(
 *     RunInference.of(OnnxModelHandler.of("models/anomaly.onnx")
 *         .withPreprocess((Reading r) -> r.vector())));
 * }</pre>
 *
 * @param <T> the example type ({@code float[]} until {@link #withPreprocess} says otherwise)
 */
public final class OnnxModelHandler<T> extends TensorModelHandler<T> {
  private static final long serialVersionUID = 1L;

  private OnnxModelHandler(
      TensorModelSource source,
      SerializableFunction<T, float[]> preprocess,
      SerializableFunction<T, Map<String, Object>> inputs) {
    super(source, preprocess, inputs);
  }

  /**
   * The ONNX model at {@code pathOrBaseDir}: an {@code .onnx} file, or a versioned base directory
   * whose version directories ({@code base/1}, ...) each hold one {@code .onnx} file.
   */
  public static OnnxModelHandler<float[]> of(String pathOrBaseDir) {
    return new OnnxModelHandler<>(
        defaults(TensorModelSource.Framework.ONNX, pathOrBaseDir), row -> row, null);
  }

  @Override
  <U> TensorModelHandler<U> copy(
      TensorModelSource source,
      SerializableFunction<U, float[]> preprocess,
      SerializableFunction<U, Map<String, Object>> inputs) {
    return new OnnxModelHandler<>(source, preprocess, inputs);
  }
}
