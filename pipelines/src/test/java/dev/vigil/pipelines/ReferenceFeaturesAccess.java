package dev.vigil.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Public access to {@link ReferenceFeatures} for tests in other packages. */
public final class ReferenceFeaturesAccess {
  private ReferenceFeaturesAccess() {}

  public static Map<String, Map<String, Double>> compute(List<JsonNode> valid) {
    List<ReferenceFeatures.Txn> txns = new ArrayList<>();
    valid.forEach(n -> txns.add(ReferenceFeatures.Txn.of(n)));
    return ReferenceFeatures.compute(txns);
  }

  /** A record's {@code event_time} in epoch milliseconds, read as the reference reads it. */
  public static long eventTimeMillis(JsonNode n) {
    return ReferenceFeatures.Txn.eventTimeMillis(n);
  }
}
