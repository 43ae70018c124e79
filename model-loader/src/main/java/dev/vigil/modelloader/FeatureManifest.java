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
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The file {@value #FILE_NAME} stored next to every model version: the feature set it was trained
 * on and the features it reads, in its input order, the names of its input and output, and
 * optionally a per-feature baseline (typical legitimate values) used to explain scores, plus
 * free-form training metadata.
 *
 * <pre>{@code
 * {"feature_set": "v2", "features": ["amount", "count_1h", ...], "input": "features",
 *  "output": "score",
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
  private final String featureSet;

  public FeatureManifest(
      List<String> features, String input, String output, float[] baseline, JsonNode training) {
    this(null, features, input, output, baseline, training);
  }

  /**
   * @param featureSet the name of the feature set the features come from ({@code v2}), or null
   */
  public FeatureManifest(
      String featureSet,
      List<String> features,
      String input,
      String output,
      float[] baseline,
      JsonNode training) {
    this.featureSet = featureSet;
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
    JsonNode set = root.get("feature_set");
    return new FeatureManifest(
        set == null || set.isNull() ? null : set.asText(),
        features,
        root.path("input").asText("features"),
        root.path("output").asText("score"),
        baseline,
        root.get("training"));
  }

  /**
   * The manifest of the highest-numbered version directory under {@code baseDir} that has a
   * readable one; empty when there is none (the model loader reports why with its own message).
   */
  public static Optional<FeatureManifest> newest(Path baseDir) throws IOException {
    if (!Files.isDirectory(baseDir)) {
      return Optional.empty();
    }
    List<Path> versions;
    try (Stream<Path> dirs = Files.list(baseDir)) {
      versions =
          dirs.filter(d -> d.getFileName().toString().matches("\\d{1,18}"))
              .filter(d -> Files.isRegularFile(d.resolve(FILE_NAME)))
              .sorted(
                  Comparator.comparingLong((Path d) -> Long.parseLong(d.getFileName().toString()))
                      .reversed())
              .toList();
    }
    for (Path v : versions) {
      try {
        return Optional.of(read(v));
      } catch (ModelValidationException unreadable) {
        // the loader refuses that version with its reason; try the next one
      }
    }
    return Optional.empty();
  }

  public void write(Path versionDir) throws IOException {
    ObjectNode root = MAPPER.createObjectNode();
    if (featureSet != null) {
      root.put("feature_set", featureSet);
    }
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
   * Where each of the model's features sits in the pipeline's feature vector {@code produced}: the
   * model may read any of the produced features, in any order. Refuses a model that needs a feature
   * the pipeline does not compute, naming every missing one.
   */
  public int[] columnsIn(List<String> produced) throws ModelValidationException {
    int[] columns = new int[features.size()];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      columns[i] = produced.indexOf(features.get(i));
      if (columns[i] < 0) {
        missing.add(features.get(i));
      }
    }
    if (!missing.isEmpty()) {
      throw new ModelValidationException(
          "the model needs "
              + missing.size()
              + " feature(s) the pipeline does not compute: "
              + missing
              + (featureSet == null
                  ? ""
                  : " (the model was trained on feature set " + featureSet + ")")
              + "; the pipeline computes "
              + produced.size()
              + " features "
              + produced
              + ". Run the pipeline with the model's feature set (--featureSet), or serve a model of"
              + " the pipeline's set");
    }
    return columns;
  }

  /** The feature set the model was trained on ({@code v1}, {@code v2}), or null when unrecorded. */
  public String featureSet() {
    return featureSet;
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
