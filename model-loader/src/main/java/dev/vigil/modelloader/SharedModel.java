package dev.vigil.modelloader;

import java.util.List;

/**
 * A handle on the per-JVM shared {@link VersionedModel} of one {@link ModelSource}; close it when
 * done (from a DoFn's {@code @Teardown}).
 *
 * @param <M> the loaded model type The last handle closed closes the model and stops its poller.
 */
public final class SharedModel<M extends LoadedModel> implements AutoCloseable {
  private final SharedModels.Entry<M> entry;
  private boolean closed;

  SharedModel(SharedModels.Entry<M> entry) {
    this.entry = entry;
  }

  /** The serving version, held until the lease closes; checks for updates first if poll is 0. */
  public ModelLease<M> lease() {
    if (closed) {
      throw new IllegalStateException("shared model handle is closed");
    }
    if (entry.model.config().pollMillis() == 0) {
      entry.model.refresh();
    }
    return entry.model.lease();
  }

  /** Looks for a newer version now; true if the serving version changed. */
  public boolean refresh() {
    return entry.model.refresh();
  }

  public long servingVersion() {
    return entry.model.servingVersion();
  }

  /** Load and refusal events not yet reported by any handle of this model. */
  public List<ModelEvent> drainEvents() {
    return entry.model.drainEvents();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      SharedModels.release(entry);
    }
  }
}
