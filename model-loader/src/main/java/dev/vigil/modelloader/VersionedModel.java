package dev.vigil.modelloader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model of any framework ({@link ModelSource}) served from a versioned base directory laid out as
 * TensorFlow Serving does ({@code base/1}, {@code base/2}, ...): the newest valid version serves.
 * {@link #refresh} loads a newer version, swaps it in atomically and retires the old one, which
 * closes once its in-flight calls end. A version that fails to load or validate is refused (logged,
 * counted, reported as a {@link ModelEvent}) and the current one keeps serving; a refused version
 * is retried only if its files change.
 *
 * <p>Publish a version by writing it elsewhere and renaming the complete directory into place.
 */
public final class VersionedModel<M extends LoadedModel> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VersionedModel.class);

  private final ModelSource<M> config;
  private final Path baseDir;
  private final boolean single;
  private final AtomicReference<M> current = new AtomicReference<>();
  private final Map<Long, Long> refused = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<ModelEvent> events = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  private VersionedModel(ModelSource<M> config) {
    this.config = config;
    this.baseDir = Path.of(config.location()).toAbsolutePath();
    this.single = Files.isRegularFile(baseDir) || config.isModel(baseDir);
  }

  /** Opens the base directory and loads its newest valid version, or fails saying why. */
  public static <M extends LoadedModel> VersionedModel<M> open(ModelSource<M> config)
      throws ModelValidationException {
    VersionedModel<M> model = new VersionedModel<>(config);
    if (!Files.exists(model.baseDir)) {
      throw new ModelValidationException(
          "model "
              + model.baseDir
              + " does not exist (expected a model, or a base directory "
              + model.baseDir
              + "/1/...)");
    }
    if (!model.refresh()) {
      StringBuilder why = new StringBuilder();
      model.events.forEach(
          e -> why.append("\n  version ").append(e.version()).append(": ").append(e.message()));
      throw new ModelValidationException(
          "no valid model version under "
              + model.baseDir
              + (why.length() == 0 ? " (no numeric version directories)" : ":" + why));
    }
    return model;
  }

  /**
   * Looks for versions newer than the one serving, newest first, and swaps to the first that loads
   * and validates. Returns true when the serving version changed.
   */
  public synchronized boolean refresh() {
    if (closed) {
      return false;
    }
    M serving = current.get();
    long servingVersion = serving == null ? Long.MIN_VALUE : serving.version();
    for (long version : versionsNewerThan(servingVersion)) {
      Path dir = single ? baseDir : baseDir.resolve(Long.toString(version));
      long fingerprint = fingerprint(dir);
      Long refusedFingerprint = refused.get(version);
      if (refusedFingerprint != null && refusedFingerprint == fingerprint) {
        continue;
      }
      try {
        M loaded = config.load(dir, version);
        refused.remove(version);
        M old = current.getAndSet(loaded);
        events.add(
            new ModelEvent(ModelEvent.Kind.LOADED, version, loaded.loadMillis(), dir.toString()));
        LOG.info(
            "serving model version {} from {} (loaded in {} ms)",
            version,
            dir,
            loaded.loadMillis());
        if (old != null) {
          old.release(); // closes once its in-flight calls end
        }
        return true;
      } catch (ModelValidationException e) {
        refused.put(version, fingerprint);
        events.add(new ModelEvent(ModelEvent.Kind.REFUSED, version, 0, e.getMessage()));
        LOG.warn(
            "refused model version {}: {}{}",
            version,
            e.getMessage(),
            serving == null ? "" : " (version " + servingVersion + " keeps serving)");
      }
    }
    return false;
  }

  private List<Long> versionsNewerThan(long version) {
    List<Long> versions = new ArrayList<>();
    if (single) {
      return version < 1 ? List.of(1L) : versions;
    }
    try (Stream<Path> children = Files.list(baseDir)) {
      children
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(name -> name.matches("\\d{1,18}"))
          .map(Long::parseLong)
          .filter(v -> v > version)
          .forEach(versions::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list model base directory " + baseDir, e);
    }
    versions.sort(Comparator.reverseOrder());
    return versions;
  }

  private static long fingerprint(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .mapToLong(
              p -> {
                try {
                  return Files.getLastModifiedTime(p).toMillis() * 31 + Files.size(p);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    } catch (IOException e) {
      return -1;
    }
  }

  /** Holds the serving version until the lease is closed. */
  public ModelLease<M> lease() {
    while (true) {
      M model = current.get();
      if (model == null || closed) {
        throw new IllegalStateException("model " + baseDir + " is closed");
      }
      if (model.retain()) {
        return new ModelLease<>(model);
      }
      // Retired and closed between get() and retain(): the next get() sees its successor.
    }
  }

  public long servingVersion() {
    M model = current.get();
    return model == null ? -1 : model.version();
  }

  /** Events since the last call, each returned once. */
  public List<ModelEvent> drainEvents() {
    List<ModelEvent> drained = new ArrayList<>();
    ModelEvent e;
    while ((e = events.poll()) != null) {
      drained.add(e);
    }
    return drained;
  }

  public ModelSource<M> config() {
    return config;
  }

  @Override
  public synchronized void close() {
    closed = true;
    M model = current.getAndSet(null);
    if (model != null) {
      model.release();
    }
  }
}
