package dev.vigil.pipelines.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.model.CardFeatures;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Feature rows joined with their labels: features from the training pass's output, labels and
 * scenarios from the labelled history (by {@code transaction_id}), split into train and holdout by
 * card so no card's history straddles both.
 */
public final class LabelledRows {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  final List<float[]> features = new ArrayList<>();
  final List<Float> labels = new ArrayList<>();
  final List<String> scenarios = new ArrayList<>();
  final List<String> cards = new ArrayList<>();

  public int size() {
    return labels.size();
  }

  public long positives() {
    return labels.stream().filter(l -> l > 0.5f).count();
  }

  /** Joins {@code featuresDir/*.jsonl} with the labels of {@code history}. */
  public static LabelledRows load(Path history, Path featuresDir) throws IOException {
    Map<String, JsonNode> labelled = new HashMap<>();
    try (BufferedReader r = Files.newBufferedReader(history)) {
      String line;
      while ((line = r.readLine()) != null) {
        try {
          JsonNode n = MAPPER.readTree(line);
          if (n != null && n.isObject() && n.has("label") && n.has("transaction_id")) {
            labelled.put(n.get("transaction_id").asText(), n);
          }
        } catch (IOException malformed) {
          // Malformed history lines were dead-lettered by the feature pass; nothing to join.
        }
      }
    }
    LabelledRows rows = new LabelledRows();
    List<Path> files;
    try (Stream<Path> s = Files.list(featuresDir)) {
      files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
    }
    List<JsonNode> featured = new ArrayList<>();
    for (Path f : files) {
      for (String line : Files.readAllLines(f)) {
        featured.add(MAPPER.readTree(line));
      }
    }
    // Parallel runners write shards in any order: sort so training is deterministic per seed.
    featured.sort(Comparator.comparing((JsonNode n) -> n.get("transaction_id").asText()));
    for (JsonNode n : featured) {
      JsonNode source = labelled.get(n.get("transaction_id").asText());
      if (source == null) {
        throw new IOException("no label for " + n.get("transaction_id") + " in " + history);
      }
      float[] x = new float[CardFeatures.NAMES.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) n.get("features").get(CardFeatures.NAMES.get(i)).asDouble();
      }
      rows.add(
          x,
          source.get("label").asInt() == 1 ? 1f : 0f,
          source.path("scenario").asText("UNKNOWN"),
          n.get("card_id").asText());
    }
    return rows;
  }

  void add(float[] x, float label, String scenario, String card) {
    features.add(x);
    labels.add(label);
    scenarios.add(scenario);
    cards.add(card);
  }

  /** Deterministic split by card: {@code [train, holdout]}. */
  public LabelledRows[] splitByCard(double holdoutFraction, long seed) {
    LabelledRows train = new LabelledRows();
    LabelledRows holdout = new LabelledRows();
    for (int i = 0; i < size(); i++) {
      long h = (cards.get(i).hashCode() * 0x9E3779B97F4A7C15L) ^ seed;
      boolean hold = Math.floorMod(h >>> 7, 10_000) < holdoutFraction * 10_000;
      (hold ? holdout : train).add(features.get(i), labels.get(i), scenarios.get(i), cards.get(i));
    }
    return new LabelledRows[] {train, holdout};
  }

  /** Median of each feature over the legitimate rows: the "typical" value used for reasons. */
  public float[] legitimateMedians() {
    int n = CardFeatures.NAMES.size();
    float[] medians = new float[n];
    for (int c = 0; c < n; c++) {
      List<Float> values = new ArrayList<>();
      for (int i = 0; i < size(); i++) {
        if (labels.get(i) < 0.5f) {
          values.add(features.get(i)[c]);
        }
      }
      values.sort(Float::compare);
      medians[c] = values.isEmpty() ? 0f : values.get(values.size() / 2);
    }
    return medians;
  }
}
