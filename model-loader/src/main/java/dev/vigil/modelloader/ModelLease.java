package dev.vigil.modelloader;

/**
 * A model version held for the duration of some calls: the version cannot be closed while a lease
 * on it is open, even if a newer version replaces it meanwhile.
 *
 * <pre>{@code
 * try (ModelLease lease = shared.lease()) {
 *   float[] scores = lease.model().score(rows, n);
 * }
 * }</pre>
 */
public final class ModelLease implements AutoCloseable {
  private final ScoringModel model;
  private boolean closed;

  ModelLease(ScoringModel model) {
    this.model = model;
  }

  public ScoringModel model() {
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
