package dev.vigil.inference;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

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
  private final String[] names;

  /**
   * Per output: this example's row ({@code widths == null}), or the whole batch's values, of which
   * this example's row is the {@code row}-th run of {@code widths[i]} values.
   */
  private final float[][] values;

  private final int @Nullable [] widths;
  private final int row;
  private final int main;
  private final String modelId;

  private PredictionResult(
      T example,
      String[] names,
      float[][] values,
      int @Nullable [] widths,
      int row,
      int main,
      String modelId) {
    this.example = example;
    this.names = names;
    this.values = values;
    this.widths = widths;
    this.row = row;
    this.main = main;
    this.modelId = modelId;
  }

  /**
   * A result; {@code inferences} is copied (in its iteration order) and must contain {@code
   * mainOutput}.
   */
  public static <T> PredictionResult<T> of(
      T example, Map<String, float[]> inferences, String mainOutput, String modelId) {
    String[] names = inferences.keySet().toArray(new String[0]);
    float[][] rows = new float[names.length][];
    int main = -1;
    for (int i = 0; i < names.length; i++) {
      rows[i] = inferences.get(names[i]).clone();
      main = names[i].equals(mainOutput) ? i : main;
    }
    if (main < 0) {
      throw new IllegalArgumentException(
          "main output '" + mainOutput + "' is not among the outputs " + inferences.keySet());
    }
    return new PredictionResult<>(
        example, names, rows, null, 0, main, Objects.requireNonNull(modelId));
  }

  /**
   * A result that takes ownership of its arrays, for handlers that build one per example: no
   * copies, so {@code names} (the outputs' names, in the model's order) may be shared by a whole
   * batch. Neither array may change afterwards. {@code rows[i]} is output {@code names[i]}'s row;
   * {@code main} is the index of the output {@link #inference()} returns.
   */
  public static <T> PredictionResult<T> owning(
      T example, String[] names, float[][] rows, int main, String modelId) {
    return new PredictionResult<>(example, names, rows, null, 0, main, modelId);
  }

  /**
   * Example {@code row} of a batch whose outputs are {@code batch[i]} ({@code widths[i]} values per
   * example, examples one after the other), shared by every result of the batch without copying: a
   * handler allocates nothing per example but the result. None of the arrays may change afterwards.
   */
  public static <T> PredictionResult<T> ofBatchRow(
      T example, String[] names, float[][] batch, int[] widths, int row, int main, String modelId) {
    return new PredictionResult<>(example, names, batch, widths, row, main, modelId);
  }

  /** Output {@code i}'s row for this example, a fresh array. */
  private float[] copyOfRow(int i) {
    if (widths == null) {
      return values[i].clone();
    }
    return Arrays.copyOfRange(values[i], row * widths[i], (row + 1) * widths[i]);
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
    return copyOfRow(main);
  }

  /** This example's row of the output {@code name}; a copy. */
  public float[] inference(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return copyOfRow(i);
      }
    }
    throw new IllegalArgumentException(
        "no output '" + name + "'; the outputs are " + Arrays.toString(names));
  }

  /** Every output's row for this example, by output name, in the model's order; copies. */
  public Map<String, float[]> inferences() {
    Map<String, float[]> copy = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      copy.put(names[i], copyOfRow(i));
    }
    return copy;
  }

  /** The name of the output {@link #inference()} returns. */
  public String mainOutput() {
    return names[main];
  }

  /** The model version that scored this example: its version directory or its file. */
  public String modelId() {
    return modelId;
  }

  String[] names() {
    return names;
  }

  /** Every output's row for this example (the arrays themselves when this result owns them). */
  float[][] rows() {
    if (widths == null) {
      return values;
    }
    float[][] rows = new float[names.length][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = copyOfRow(i);
    }
    return rows;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PredictionResult<?> r
        && Objects.equals(example, r.example)
        && names[main].equals(r.names[r.main])
        && modelId.equals(r.modelId)
        && Arrays.equals(names, r.names)
        && Arrays.deepEquals(rows(), r.rows());
  }

  @Override
  public int hashCode() {
    return Objects.hash(example, names[main], modelId, Arrays.hashCode(names))
        + 31 * Arrays.deepHashCode(rows());
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("PredictionResult{example=").append(example);
    float[][] rows = rows();
    for (int i = 0; i < names.length; i++) {
      b.append(", ").append(names[i]).append('=').append(Arrays.toString(rows[i]));
    }
    return b.append(", model=").append(modelId).append('}').toString();
  }
}
