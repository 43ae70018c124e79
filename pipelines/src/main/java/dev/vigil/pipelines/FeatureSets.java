package dev.vigil.pipelines;

import dev.vigil.model.FeatureSet;
import dev.vigil.modelloader.FeatureManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Resolves {@code --featureSet}: AUTO is the set the newest model version under {@code --modelDir}
 * was trained on (its manifest's {@code feature_set}, or the smallest set holding its features); an
 * explicit set is checked against that model, so a pipeline never starts computing features its
 * model cannot use or lacking ones it needs.
 */
final class FeatureSets {
  private FeatureSets() {}

  static FeatureSet resolve(FraudDetectionOptions o) {
    Optional<FeatureManifest> newest = newestManifest(o.getModelDir());
    FeatureOptions.FeatureSetChoice choice = o.getFeatureSet();
    if (choice != FeatureOptions.FeatureSetChoice.AUTO) {
      FeatureSet set = FeatureSet.valueOf(choice.name());
      if (newest.isPresent()) {
        List<String> missing = set.missing(newest.get().features());
        if (!missing.isEmpty()) {
          throw new IllegalArgumentException(
              "--featureSet="
                  + choice
                  + " does not compute "
                  + missing
                  + ", which the newest model under "
                  + o.getModelDir()
                  + " needs; use --featureSet=AUTO or the model's set ("
                  + newest.get().featureSet()
                  + ")");
        }
      }
      return set;
    }
    if (newest.isEmpty()) {
      return FeatureSet.V1; // no model yet: VersionedModel reports that with its own message
    }
    FeatureManifest m = newest.get();
    if (m.featureSet() != null) {
      return FeatureSet.fromId(m.featureSet());
    }
    FeatureSet covering = FeatureSet.smallestCovering(m.features());
    if (covering == null) {
      throw new IllegalArgumentException(
          "the newest model under "
              + o.getModelDir()
              + " needs features no feature set computes: "
              + FeatureSet.V2.missing(m.features()));
    }
    return covering;
  }

  /** The newest model's manifest under a local {@code --modelDir}, if any. */
  static Optional<FeatureManifest> newestManifest(String modelDir) {
    if (modelDir == null || modelDir.contains("://")) {
      return Optional.empty();
    }
    try {
      return FeatureManifest.newest(Path.of(modelDir));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list model versions in " + modelDir, e);
    }
  }
}
