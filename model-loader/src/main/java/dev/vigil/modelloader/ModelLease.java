package dev.vigil.modelloader;

/**
 * A model version held for the duration of some calls: the version cannot be closed while a lease
 * on it is open, even if a newer version replaces it meanwhile.
 *
 * <pre>{@code
 * try (ModelLease<ScoringModel> lease = shared.lease()) {
 *   float[] scores = lease.model().score(rows, n);
 * }
 * }</pre>
 *
 * @param <M> the loaded model type
 */
public final class ModelLease<M extends LoadedModel> implements AutoCloseable {
  private final M model;
  private boolean closed;

  ModelLease(M model) {
    this.model = model;
  }

  public M model() {
    return model;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      model.release();
    }
  }
}
