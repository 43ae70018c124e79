package dev.vigil.inference;

/**
 * One model input for a batch, laid out row-major: {@code rows × width} values in an array of the
 * input's element type ({@code float[]}, {@code double[]}, {@code int[]} or {@code long[]}).
 */
record Column(TensorSpec spec, Object values, int rows, int width) {}
