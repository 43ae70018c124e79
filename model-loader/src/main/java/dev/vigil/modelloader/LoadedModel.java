package dev.vigil.modelloader;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded model version of any framework, reference-counted: the owner ({@link VersionedModel})
 * holds one reference and each in-flight call ({@link ModelLease}) another; the native resources
 * are closed when the last reference goes, so a retired version finishes its in-flight calls before
 * it is closed.
 */
public abstract class LoadedModel {
  private static final Logger LOG = LoggerFactory.getLogger(LoadedModel.class);
  private final long version;
  private final String location;
  private final long loadMillis;
  private final AtomicInteger references = new AtomicInteger(1);

  protected LoadedModel(long version, String location, long loadMillis) {
    this.version = version;
    this.location = location;
    this.loadMillis = loadMillis;
  }

  /** Frees the native model; called once, when the last reference is released. */
  protected abstract void closeResources();

  /** Takes a reference; false once the model is closed. */
  public boolean retain() {
    while (true) {
      int refs = references.get();
      if (refs <= 0) {
        return false;
      }
      if (references.compareAndSet(refs, refs + 1)) {
        return true;
      }
    }
  }

  /** Drops a reference; the last one closes the native model. */
  public void release() {
    if (references.decrementAndGet() == 0) {
      LOG.info("closing model version {} ({})", version, location);
      closeResources();
    }
  }

  /** True once every reference is gone and the native model is closed. */
  public boolean isClosed() {
    return references.get() <= 0;
  }

  /** The version number (the version directory's name; 1 for a model that is not versioned). */
  public long version() {
    return version;
  }

  /** Where this version was loaded from (its version directory or its file). */
  public String location() {
    return location;
  }

  public long loadMillis() {
    return loadMillis;
  }
}
