package dev.vigil.inference;

import dev.vigil.modelloader.LoadedModel;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * One loaded version of a model of numeric tensors in, numeric tensors out (a SavedModel signature
 * or an ONNX graph), as {@link RunInference}'s handlers see it. Thread-safe; every native tensor is
 * closed before {@link #run} returns.
 */
abstract class TensorModel extends LoadedModel {
  private final List<TensorSpec> inputs;
  private final List<TensorSpec> outputs;
  private TensorSpec mainInput;
  private String mainOutput;
  private int[] columns;

  TensorModel(
      long version,
      String location,
      long loadMillis,
      List<TensorSpec> inputs,
      List<TensorSpec> outputs) {
    super(version, location, loadMillis);
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
  }

  /** The model's inputs, in its order. */
  final List<TensorSpec> inputs() {
    return inputs;
  }

  /** The model's outputs, in its order. */
  final List<TensorSpec> outputs() {
    return outputs;
  }

  /**
   * Binds the handler's choices, before the model is published: the input {@code withPreprocess}
   * feeds (null when it has several), the output {@code inference()} returns, and the columns of
   * the preprocessed vector the model reads (null: all, in order).
   */
  final void bind(TensorSpec mainInput, String mainOutput, int[] columns) {
    this.mainInput = mainInput;
    this.mainOutput = mainOutput;
    this.columns = columns;
  }

  final TensorSpec mainInput() {
    return mainInput;
  }

  final String mainOutput() {
    return mainOutput;
  }

  final int[] columns() {
    return columns;
  }

  final TensorSpec input(String name) {
    for (TensorSpec s : inputs) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }

  /**
   * Where the calling thread lays out a float32 input of {@code size} values for its next {@link
   * #run}: cleared, limit {@code size}. A model whose framework reads some memory without a copy
   * gives that (ONNX Runtime: a direct buffer, reused per thread); by default a new heap buffer.
   */
  FloatBuffer floatStaging(int size) {
    return FloatBuffer.wrap(new float[size]);
  }

  /**
   * Runs one batch: {@code columns} by input name, every input given. Returns every output as
   * float32 values, row-major ({@code rows × width}), by name in the model's order.
   */
  abstract Map<String, float[]> run(Map<String, Column> columns, int rows);
}
