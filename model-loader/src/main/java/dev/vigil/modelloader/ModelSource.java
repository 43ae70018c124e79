package dev.vigil.modelloader;

import java.nio.file.Path;

/**
 * Where a model lives, how to load one of its versions, and how to serve it: the key of the per-JVM
 * {@link SharedModels} cache (implementations are values: equal sources share one loaded model).
 *
 * <p>{@link #location()} is either a versioned base directory laid out as TensorFlow Serving does
 * ({@code base/1}, {@code base/2}, ...; the newest valid version serves and newer ones are picked
 * up while running), or one model (a file, or a directory that is itself a model), served as
 * version 1 and never reloaded.
 *
 * @param <M> the loaded model type
 */
public interface ModelSource<M extends LoadedModel> {
  /** The versioned base directory, or the model itself. */
  String location();

  /**
   * How often to look for a new version: {@code > 0} polls in a background thread; {@code 0} checks
   * on every {@link SharedModel#lease()}; {@code < 0} never reloads.
   */
  long pollMillis();

  /** How long the model stays loaded after its last handle is released ({@code 0}: not at all). */
  long idleCloseMillis();

  /** True when {@code path} (a child of a base directory or the location) is itself a model. */
  default boolean isModel(Path path) {
    return false;
  }

  /**
   * Loads and validates one version; throws {@link ModelValidationException} saying why it cannot
   * serve.
   */
  M load(Path path, long version) throws ModelValidationException;
}
