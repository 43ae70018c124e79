package dev.vigil.benchmarks;

import dev.vigil.model.FeatureSet;
import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.ProfileFeatures;
import dev.vigil.model.Transaction;
import dev.vigil.modelloader.FeatureManifest;
import dev.vigil.modelloader.ModelValidationException;
import dev.vigil.pipelines.generate.TransactionGenerator;
import dev.vigil.transforms.features.CardHistory;
import dev.vigil.transforms.parse.InvalidRecordException;
import dev.vigil.transforms.parse.TransactionJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Realistic featured transactions for benchmarks: generated stream, exact card features, in memory.
 * For v2 the merchant part is left at 0 (a model call costs the same whatever the values).
 */
public final class FeatureRows {
  private FeatureRows() {}

  /** The v1 rows. */
  public static List<FeaturedTransaction> generate(int transactions, int cards, long seed)
      throws InvalidRecordException {
    return generate(transactions, cards, seed, FeatureSet.V1);
  }

  /** The feature set the newest model under {@code modelDir} reads. */
  public static FeatureSet setOf(Path modelDir) throws IOException, ModelValidationException {
    FeatureManifest newest =
        FeatureManifest.newest(modelDir)
            .orElseThrow(() -> new IOException("no model version under " + modelDir));
    FeatureSet set = FeatureSet.smallestCovering(newest.features());
    if (set == null) {
      throw new ModelValidationException(
          modelDir + " has a model reading features no set computes");
    }
    return set;
  }

  public static List<FeaturedTransaction> generate(
      int transactions, int cards, long seed, FeatureSet set) throws InvalidRecordException {
    TransactionJson parser = new TransactionJson(TransactionJson.DEFAULT_MAX_RECORD_BYTES);
    Map<String, CardHistory> histories = new HashMap<>();
    List<FeaturedTransaction> out = new ArrayList<>(transactions);
    for (String line :
        TransactionGenerator.builder()
            .seed(seed)
            .transactions(transactions)
            .cards(cards)
            .days(7)
            .build()
            .lines()) {
      Transaction t = parser.parse(line); // lines are in event-time order
      CardHistory h = histories.computeIfAbsent(t.getCardId(), k -> new CardHistory(set));
      out.add(
          FeaturedTransaction.of(
              t,
              h.featuresFor(t),
              h.hasProfile() ? ProfileFeatures.ofCard(h.profileFor(t)) : null,
              false));
      h.add(t);
      h.evictExpired();
    }
    return out;
  }
}
