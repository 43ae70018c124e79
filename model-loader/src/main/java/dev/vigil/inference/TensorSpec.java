package dev.vigil.inference;

import java.util.Arrays;

/**
 * A model input or output: its name, element type and shape ({@code -1} for a dimension the model
 * leaves open; the first is the batch).
 */
record TensorSpec(String name, DType type, long[] shape) {
  /** The element types RunInference feeds and reads. */
  enum DType {
    FLOAT32,
    FLOAT64,
    INT32,
    INT64
  }

  /**
   * Values per example: the product of the dimensions after the batch; 1 for a rank-1 tensor; -1
   * when one of them is open.
   */
  long width() {
    long w = 1;
    for (int i = 1; i < shape.length; i++) {
      if (shape[i] < 0) {
        return -1;
      }
      w *= shape[i];
    }
    return w;
  }

  /** The shape of a batch of {@code rows} examples of {@code width} values each. */
  long[] batchShape(int rows, int width) {
    if (shape.length <= 1) {
      return new long[] {rows};
    }
    long[] s = shape.clone();
    s[0] = rows;
    if (width() < 0) {
      if (shape.length != 2) {
        throw new IllegalArgumentException(
            "input '" + name + "' has open dimensions after the batch: " + this);
      }
      s[1] = width;
    }
    return s;
  }

  @Override
  public String toString() {
    return name + " " + type.name().toLowerCase(java.util.Locale.ROOT) + Arrays.toString(shape);
  }
}
