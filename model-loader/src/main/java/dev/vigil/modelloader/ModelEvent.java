package dev.vigil.modelloader;

/**
 * Something that happened to a versioned model: a version loaded (with its load time) or refused
 * (with the reason). Drained by whoever reports metrics, each event exactly once.
 */
public record ModelEvent(Kind kind, long version, long millis, String message) {
  /** What happened. */
  public enum Kind {
    LOADED,
    REFUSED
  }
}
