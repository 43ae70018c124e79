package dev.vigil.inference;

import java.nio.FloatBuffer;

/**
 * One model input for a batch, laid out row-major: {@code rows × width} values in an array of the
 * input's element type ({@code float[]}, {@code double[]}, {@code int[]} or {@code long[]}), or for
 * float32 in a {@link FloatBuffer} the model gave ({@link TensorModel#floatStaging}), ready to
 * read.
 */
record Column(TensorSpec spec, Object values, int rows, int width) {

  /** Float32 values as a buffer ready to read, wrapping an array without a copy. */
  FloatBuffer floatBuffer() {
    return values instanceof FloatBuffer b ? b : FloatBuffer.wrap((float[]) values);
  }

  /**
   * Float32 values as an array of exactly {@code rows × width}, copied only from a direct buffer.
   */
  float[] floats() {
    if (values instanceof float[] a) {
      return a;
    }
    FloatBuffer b = (FloatBuffer) values;
    if (b.hasArray()
        && b.arrayOffset() == 0
        && b.position() == 0
        && b.array().length == b.limit()) {
      return b.array();
    }
    float[] a = new float[b.remaining()];
    b.duplicate().get(a);
    return a;
  }
}
