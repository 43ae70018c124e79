package dev.vigil.modelloader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The file {@value #FILE_NAME} stored next to every model version: the feature order the model
 * expects, the names of its input and output, and optionally a per-feature baseline (typical
 * legitimate values) used to explain scores, plus free-form training metadata.
 *
 * <pre>{@code
 * {"features": ["amount", "count_1h", ...], "input": "features", "output": "score",
 *  "baseline": [25.0, 0, ...], "training": {...}}
 * }</pre>
 */
public final class FeatureManifest {
  public static final String FILE_NAME = "vigil-features.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final List<String> features;
  private final String input;
  private final String output;
  private final float[] baseline;
  private final JsonNode training;

  public FeatureManifest(
      List<String> features, String input, String output, float[] baseline, JsonNode training) {
    this.features = List.copyOf(features);
    this.input = input;
    this.output = output;
    this.baseline = baseline == null ? null : baseline.clone();
    this.training = training;
  }

  public static FeatureManifest read(Path versionDir) throws ModelValidationException {
    Path file = versionDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new ModelValidationException(
          "no "
              + FILE_NAME
              + " in "
              + versionDir
              + ": every model version must record its feature order");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new ModelValidationException("cannot read " + file + ": " + e.getMessage(), e);
    }
    JsonNode names = root.get("features");
    if (names == null || !names.isArray() || names.isEmpty()) {
      throw new ModelValidationException(
          file + ": \"features\" must be a non-empty array of names");
    }
    List<String> features = new ArrayList<>();
    names.forEach(n -> features.add(n.asText()));
    float[] baseline = null;
    JsonNode b = root.get("baseline");
    if (b != null && b.isArray()) {
      if (b.size() != features.size()) {
        throw new ModelValidationException(
            file
                + ": \"baseline\" has "
                + b.size()
                + " values for "
                + features.size()
                + " features");
      }
      baseline = new float[b.size()];
      for (int i = 0; i < b.size(); i++) {
        baseline[i] = (float) b.get(i).asDouble();
      }
    }
    return new FeatureManifest(
        features,
        root.path("input").asText("features"),
        root.path("output").asText("score"),
        baseline,
        root.get("training"));
  }

  public void write(Path versionDir) throws IOException {
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode names = root.putArray("features");
    features.forEach(names::add);
    root.put("input", input);
    root.put("output", output);
    if (baseline != null) {
      ArrayNode b = root.putArray("baseline");
      for (float v : baseline) {
        b.add(v);
      }
    }
    if (training != null) {
      root.set("training", training);
    }
    Files.writeString(
        versionDir.resolve(FILE_NAME),
        MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
  }

  /**
   * Checks that the model reads exactly the features the pipeline produces, in the same order, with
   * a message naming the first mismatch.
   */
  public void requireFeatures(List<String> produced) throws ModelValidationException {
    for (int i = 0; i < Math.max(features.size(), produced.size()); i++) {
      String want = i < features.size() ? features.get(i) : null;
      String have = i < produced.size() ? produced.get(i) : null;
      if (want == null) {
        throw new ModelValidationException(
            "feature mismatch: the pipeline produces '"
                + have
                + "' at position "
                + i
                + " but the model takes only "
                + features.size()
                + " features "
                + features);
      }
      if (have == null) {
        throw new ModelValidationException(
            "feature mismatch: the model expects '"
                + want
                + "' at position "
                + i
                + " but the pipeline produces only "
                + produced.size()
                + " features "
                + produced);
      }
      if (!want.equals(have)) {
        throw new ModelValidationException(
            "feature mismatch at position "
                + i
                + ": the model expects '"
                + want
                + "' but the pipeline produces '"
                + have
                + "'");
      }
    }
  }

  public List<String> features() {
    return Collections.unmodifiableList(features);
  }

  public String input() {
    return input;
  }

  public String output() {
    return output;
  }

  /** Typical (legitimate) raw value of each feature, or null when the model has none. */
  public float[] baseline() {
    return baseline == null ? null : baseline.clone();
  }

  public JsonNode training() {
    return training;
  }
}
