package dev.vigil.inference;

import dev.vigil.modelloader.ModelEvent;
import java.util.List;

/**
 * A {@link ModelHandler}'s open model, used by one DoFn instance: scores batches until closed (in
 * {@code @Teardown}).
 *
 * @param <T> the example type
 */
public interface Predictor<T> extends AutoCloseable {
  /**
   * Scores {@code batch} with one model call: one result per example, in order. Throws when the
   * batch cannot be scored (a bad element, a model error); {@link RunInference} then retries each
   * element alone when it handles failures.
   */
  List<PredictionResult<T>> predict(List<T> batch);

  /** The model currently serving (its location and version), for metrics and failures. */
  String modelId();

  /** The serving version number. */
  long servingVersion();

  /** Versions loaded or refused since the last call (hot reload), each reported once. */
  default List<ModelEvent> drainEvents() {
    return List.of();
  }

  @Override
  void close();
}
