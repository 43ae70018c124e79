package dev.vigil.modelloader;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-JVM cache of loaded models: one {@link VersionedModel} per {@link ModelSource}, shared by
 * every DoFn instance and thread, reference-counted, with a background poller per model when its
 * poll interval is positive. With {@link ModelSource#idleCloseMillis()} set, a model whose last
 * handle is released stays loaded that long, so a runner that sets DoFns up and tears them down per
 * micro-batch reuses it instead of reloading. This is the only static mutable state in Vigil.
 *
 * <pre>{@code
 * SharedModel<ScoringModel> model = SharedModels.acquire(config);   // @Setup
 * try (ModelLease<ScoringModel> lease = model.lease()) { ... }     // per batch
 * model.close();                                     // @Teardown
 * }</pre>
 */
public final class SharedModels {
  private static final Logger LOG = LoggerFactory.getLogger(SharedModels.class);
  private static final Map<ModelSource<?>, Entry<?>> ENTRIES = new HashMap<>();
  private static final ScheduledExecutorService IDLE_CLOSER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "vigil-model-idle-close");
            t.setDaemon(true);
            return t;
          });

  static final class Entry<M extends LoadedModel> {
    final ModelSource<M> config;
    final VersionedModel<M> model;
    final ScheduledExecutorService poller;
    int handles;

    /** The pending close after the last release, when the config lingers. */
    ScheduledFuture<?> idleClose;

    Entry(ModelSource<M> config, VersionedModel<M> model, ScheduledExecutorService poller) {
      this.config = config;
      this.model = model;
      this.poller = poller;
    }
  }

  private SharedModels() {}

  /** A handle on the shared model of {@code config}, loading it on first use. */
  public static <M extends LoadedModel> SharedModel<M> acquire(ModelSource<M> config)
      throws ModelValidationException {
    synchronized (ENTRIES) {
      @SuppressWarnings("unchecked") // entries are put under their own source, below
      Entry<M> entry = (Entry<M>) ENTRIES.get(config);
      if (entry == null) {
        VersionedModel<M> model = VersionedModel.open(config);
        ScheduledExecutorService poller = null;
        if (config.pollMillis() > 0) {
          poller =
              Executors.newSingleThreadScheduledExecutor(
                  r -> {
                    Thread t = new Thread(r, "vigil-model-poller");
                    t.setDaemon(true);
                    return t;
                  });
          poller.scheduleWithFixedDelay(
              () -> {
                try {
                  model.refresh();
                } catch (RuntimeException e) {
                  LOG.warn("model poll of {} failed: {}", config.location(), e.toString());
                }
              },
              config.pollMillis(),
              config.pollMillis(),
              TimeUnit.MILLISECONDS);
        }
        entry = new Entry<>(config, model, poller);
        ENTRIES.put(config, entry);
      }
      if (entry.idleClose != null) {
        entry.idleClose.cancel(false);
        entry.idleClose = null;
      }
      entry.handles++;
      return new SharedModel<>(entry);
    }
  }

  static void release(Entry<?> entry) {
    synchronized (ENTRIES) {
      entry.handles--;
      if (entry.handles > 0) {
        return;
      }
      long linger = entry.config.idleCloseMillis();
      if (linger == 0) {
        closeEntry(entry);
      } else {
        entry.idleClose =
            IDLE_CLOSER.schedule(() -> closeIfStillIdle(entry), linger, TimeUnit.MILLISECONDS);
      }
    }
  }

  private static void closeIfStillIdle(Entry<?> entry) {
    synchronized (ENTRIES) {
      if (entry.handles == 0 && ENTRIES.get(entry.config) == entry) {
        closeEntry(entry);
      }
    }
  }

  private static void closeEntry(Entry<?> entry) {
    ENTRIES.remove(entry.config);
    if (entry.poller != null) {
      entry.poller.shutdownNow();
    }
    entry.model.close();
  }

  /** Number of models currently loaded in this JVM (for tests and diagnostics). */
  public static int loadedCount() {
    synchronized (ENTRIES) {
      return ENTRIES.size();
    }
  }
}
