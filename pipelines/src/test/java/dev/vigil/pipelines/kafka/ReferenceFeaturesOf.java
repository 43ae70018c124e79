package dev.vigil.pipelines.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** Bridges to the naive reference feature implementation of the pipeline tests. */
final class ReferenceFeaturesOf {
  private ReferenceFeaturesOf() {}

  static Map<String, Map<String, Double>> compute(List<JsonNode> valid) {
    return dev.vigil.pipelines.ReferenceFeaturesAccess.compute(valid);
  }
}
