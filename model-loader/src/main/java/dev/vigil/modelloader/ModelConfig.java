package dev.vigil.modelloader;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a fraud model (a SavedModel with Vigil's feature manifest) lives and how to serve it; the
 * key of the per-JVM {@link SharedModels} cache.
 *
 * @param baseDir versioned base directory ({@code base/1}, {@code base/2}, ...)
 * @param features the feature names the pipeline produces, in order; every version must read only
 *     these (any subset, any order)
 * @param pollMillis how often to look for a new version: {@code > 0} polls in a background thread;
 *     {@code 0} checks on every {@link SharedModel#lease()}; {@code < 0} never reloads
 * @param intraOpThreads TensorFlow intra-op threads per call (1 is fastest for small models)
 * @param idleCloseMillis how long the model stays loaded after its last handle is released, for a
 *     runner that tears its DoFns down often (Spark streaming: every micro-batch task); {@code 0}
 *     closes it with the last handle
 */
public record ModelConfig(
    String baseDir,
    List<String> features,
    long pollMillis,
    int intraOpThreads,
    long idleCloseMillis)
    implements ModelSource<ScoringModel>, Serializable {
  public ModelConfig {
    if (baseDir == null || baseDir.isBlank()) {
      throw new IllegalArgumentException(
          "model base directory must be set (e.g. --modelDir=testdata/model)");
    }
    if (features == null || features.isEmpty()) {
      throw new IllegalArgumentException("the expected feature list must not be empty");
    }
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("intraOpThreads must be >= 1, got " + intraOpThreads);
    }
    if (idleCloseMillis < 0) {
      throw new IllegalArgumentException("idleCloseMillis must be >= 0, got " + idleCloseMillis);
    }
    features = List.copyOf(features);
  }

  @Override
  public String location() {
    return baseDir;
  }

  @Override
  public ScoringModel load(Path versionDir, long version) throws ModelValidationException {
    return ScoringModel.load(versionDir, version, features, intraOpThreads);
  }

  public static ModelConfig of(String baseDir, List<String> features) {
    return new ModelConfig(baseDir, features, 30_000, 1, 0);
  }

  public ModelConfig withPollMillis(long millis) {
    return new ModelConfig(baseDir, features, millis, intraOpThreads, idleCloseMillis);
  }

  public ModelConfig withIntraOpThreads(int threads) {
    return new ModelConfig(baseDir, features, pollMillis, threads, idleCloseMillis);
  }

  public ModelConfig withIdleCloseMillis(long millis) {
    return new ModelConfig(baseDir, features, pollMillis, intraOpThreads, millis);
  }
}
