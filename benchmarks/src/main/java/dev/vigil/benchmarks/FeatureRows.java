package dev.vigil.benchmarks;

import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.Transaction;
import dev.vigil.pipelines.generate.TransactionGenerator;
import dev.vigil.transforms.features.CardHistory;
import dev.vigil.transforms.parse.InvalidRecordException;
import dev.vigil.transforms.parse.TransactionJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Realistic featured transactions for benchmarks: generated stream, exact features, in memory. */
public final class FeatureRows {
  private FeatureRows() {}

  public static List<FeaturedTransaction> generate(int transactions, int cards, long seed)
      throws InvalidRecordException {
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
      CardHistory h = histories.computeIfAbsent(t.getCardId(), k -> new CardHistory());
      out.add(FeaturedTransaction.of(t, h.featuresFor(t), false));
      h.add(t);
      h.evictExpired();
    }
    return out;
  }
}
