package dev.vigil.inference;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One example and what the model said about it, as Beam Python's {@code PredictionResult}: {@link
 * #example()}, {@link #inference()} (the model's main output for this example), {@link
 * #inferences()} (every output by name, in the model's order) and {@link #modelId()} (the model
 * version that scored it). Immutable; its coder is {@link PredictionResultCoder}.
 *
 * @param <T> the example type
 */
public final class PredictionResult<T> {
  private final T example;
  private final Map<String, float[]> inferences;
  private final String mainOutput;
  private final String modelId;

  private PredictionResult(
      T example, Map<String, float[]> inferences, String mainOutput, String modelId) {
    this.example = example;
    this.inferences = inferences;
    this.mainOutput = mainOutput;
    this.modelId = modelId;
  }

  /**
   * A result; {@code inferences} is copied (in its iteration order) and must contain {@code
   * mainOutput}.
   */
  public static <T> PredictionResult<T> of(
      T example, Map<String, float[]> inferences, String mainOutput, String modelId) {
    if (!inferences.containsKey(mainOutput)) {
      throw new IllegalArgumentException(
          "main output '" + mainOutput + "' is not among the outputs " + inferences.keySet());
    }
    Map<String, float[]> copy = new LinkedHashMap<>();
    inferences.forEach((name, row) -> copy.put(name, row.clone()));
    return new PredictionResult<>(
        example, Collections.unmodifiableMap(copy), mainOutput, Objects.requireNonNull(modelId));
  }

  /** The element that was scored. */
  public T example() {
    return example;
  }

  /**
   * This example's row of the main output (the model's only output, or the one chosen with {@code
   * withOutput}); a copy.
   */
  public float[] inference() {
    return inferences.get(mainOutput).clone();
  }

  /** Every output's row for this example, by output name, in the model's order. */
  public Map<String, float[]> inferences() {
    Map<String, float[]> copy = new LinkedHashMap<>();
    inferences.forEach((name, row) -> copy.put(name, row.clone()));
    return copy;
  }

  /** The name of the output {@link #inference()} returns. */
  public String mainOutput() {
    return mainOutput;
  }

  /** The model version that scored this example: its version directory or its file. */
  public String modelId() {
    return modelId;
  }

  /** This result with another example (the keyed transform's values). */
  <U> PredictionResult<U> withExample(U other) {
    return new PredictionResult<>(other, inferences, mainOutput, modelId);
  }

  Map<String, float[]> rawInferences() {
    return inferences;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PredictionResult<?> r)) {
      return false;
    }
    if (!Objects.equals(example, r.example)
        || !mainOutput.equals(r.mainOutput)
        || !modelId.equals(r.modelId)
        || !inferences.keySet().equals(r.inferences.keySet())) {
      return false;
    }
    for (Map.Entry<String, float[]> e : inferences.entrySet()) {
      if (!Arrays.equals(e.getValue(), r.inferences.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(example, mainOutput, modelId);
    for (Map.Entry<String, float[]> e : inferences.entrySet()) {
      h = 31 * h + e.getKey().hashCode() * 17 + Arrays.hashCode(e.getValue());
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("PredictionResult{example=").append(example);
    inferences.forEach(
        (name, row) -> b.append(", ").append(name).append('=').append(Arrays.toString(row)));
    return b.append(", model=").append(modelId).append('}').toString();
  }
}
