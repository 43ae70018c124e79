package dev.vigil.inference;

import dev.vigil.modelloader.LoadedModel;
import dev.vigil.modelloader.ModelEvent;
import dev.vigil.modelloader.ModelLease;
import dev.vigil.modelloader.SharedModel;
import java.util.List;

/**
 * A {@link Predictor} over a per-JVM {@link SharedModel}: what every handler's predictor reports
 * about its model (id, version, load and refusal events) and how it lets go of it.
 *
 * @param <T> the example type
 * @param <M> the loaded model type
 */
public abstract class SharedModelPredictor<T, M extends LoadedModel> implements Predictor<T> {
  protected final SharedModel<M> shared;

  protected SharedModelPredictor(SharedModel<M> shared) {
    this.shared = shared;
  }

  @Override
  public String modelId() {
    try (ModelLease<M> lease = shared.lease()) {
      return lease.model().location();
    }
  }

  @Override
  public long servingVersion() {
    return shared.servingVersion();
  }

  @Override
  public List<ModelEvent> drainEvents() {
    return shared.drainEvents();
  }

  @Override
  public void close() {
    shared.close();
  }
}
