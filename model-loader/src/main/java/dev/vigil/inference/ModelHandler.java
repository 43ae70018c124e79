package dev.vigil.inference;

import dev.vigil.modelloader.ModelValidationException;
import java.io.Serializable;

/**
 * How {@link RunInference} loads a model and scores a batch of {@code T}, as Beam Python's {@code
 * ModelHandler}. Serializable: it travels with the pipeline and opens the model on each worker, in
 * each DoFn's {@code @Setup}. {@link SavedModelHandler} and {@link OnnxModelHandler} are the two
 * shipped; implement this for another framework.
 *
 * @param <T> the example type
 */
public abstract class ModelHandler<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Opens the model for one DoFn instance (implementations share one loaded model per JVM); fails
   * with a message saying what to fix when no version can serve.
   */
  public abstract Predictor<T> open() throws ModelValidationException;

  /** The metrics namespace of the transform using this handler. */
  public String metricsNamespace() {
    return RunInference.METRICS_NAMESPACE;
  }

  /**
   * Checks what can be checked when the pipeline is built (the model exists, the handler is
   * complete); throws {@link IllegalArgumentException} saying what to fix. Default: nothing.
   */
  public void validate() {}

  /** Where the model is, for messages. */
  public abstract String location();
}
