package dev.vigil.inference;

import dev.vigil.modelloader.ModelValidationException;
import dev.vigil.modelloader.ScoringModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * A TensorFlow SavedModel version: its {@code serving_default} signature (or its only one), inputs
 * and outputs in name order.
 */
final class SavedModelVersion extends TensorModel {
  private final SavedModelBundle bundle;
  private final SessionFunction function;

  private SavedModelVersion(
      long version,
      Path dir,
      long loadMillis,
      List<TensorSpec> inputs,
      List<TensorSpec> outputs,
      SavedModelBundle bundle,
      SessionFunction function) {
    super(version, dir.toString(), loadMillis, inputs, outputs);
    this.bundle = bundle;
    this.function = function;
  }

  static boolean isSavedModel(Path dir) {
    return Files.isRegularFile(dir.resolve("saved_model.pb"));
  }

  static SavedModelVersion load(Path dir, long version, int intraOpThreads)
      throws ModelValidationException {
    long start = System.nanoTime();
    if (!isSavedModel(dir)) {
      throw new ModelValidationException("no saved_model.pb in " + dir);
    }
    SavedModelBundle bundle = ScoringModel.openBundle(dir, intraOpThreads);
    try {
      SessionFunction function = signature(bundle, dir);
      Signature sig = function.signature();
      return new SavedModelVersion(
          version,
          dir,
          (System.nanoTime() - start) / 1_000_000,
          specs(sig.getInputs(), dir),
          specs(sig.getOutputs(), dir),
          bundle,
          function);
    } catch (ModelValidationException | RuntimeException e) {
      bundle.close();
      throw e;
    }
  }

  private static SessionFunction signature(SavedModelBundle bundle, Path dir)
      throws ModelValidationException {
    List<SessionFunction> functions = bundle.functions();
    for (SessionFunction f : functions) {
      if (ScoringModel.SIGNATURE_KEY.equals(f.signature().key())) {
        return f;
      }
    }
    if (functions.size() == 1) {
      return functions.get(0);
    }
    List<String> keys = new ArrayList<>();
    functions.forEach(f -> keys.add(f.signature().key()));
    throw new ModelValidationException(
        "SavedModel "
            + dir
            + " has no '"
            + ScoringModel.SIGNATURE_KEY
            + "' signature and not exactly one signature: "
            + keys);
  }

  private static List<TensorSpec> specs(Map<String, Signature.TensorDescription> tensors, Path dir)
      throws ModelValidationException {
    List<TensorSpec> specs = new ArrayList<>();
    for (String name : tensors.keySet().stream().sorted().toList()) {
      Signature.TensorDescription d = tensors.get(name);
      TensorSpec.DType type =
          switch (d.dataType) {
            case DT_FLOAT -> TensorSpec.DType.FLOAT32;
            case DT_DOUBLE -> TensorSpec.DType.FLOAT64;
            case DT_INT32 -> TensorSpec.DType.INT32;
            case DT_INT64 -> TensorSpec.DType.INT64;
            default ->
                throw new ModelValidationException(
                    "SavedModel "
                        + dir
                        + ": tensor '"
                        + name
                        + "' is "
                        + d.dataType
                        + "; RunInference handles float32, float64, int32 and int64");
          };
      Shape shape = d.shape;
      long[] dims = shape.isUnknown() ? new long[] {-1, -1} : shape.asArray();
      specs.add(new TensorSpec(name, type, dims == null ? new long[] {-1} : dims));
    }
    return specs;
  }

  @Override
  Map<String, float[]> run(Map<String, Column> columns, int rows) {
    Map<String, Tensor> feeds = new HashMap<>();
    try {
      for (Column c : columns.values()) {
        feeds.put(c.spec().name(), tensor(c));
      }
      try (Result result = function.call(feeds)) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (TensorSpec o : outputs()) {
          Tensor t =
              result
                  .get(o.name())
                  .orElseThrow(
                      () -> new IllegalStateException("model returned no '" + o.name() + "'"));
          out.put(o.name(), floats(t));
        }
        return out;
      }
    } finally {
      feeds.values().forEach(Tensor::close);
    }
  }

  private static Tensor tensor(Column c) {
    Shape shape = Shape.of(c.spec().batchShape(c.rows(), c.width()));
    return switch (c.spec().type()) {
      case FLOAT32 -> TFloat32.tensorOf(shape, DataBuffers.of(c.floats(), true, false));
      case FLOAT64 -> TFloat64.tensorOf(shape, DataBuffers.of((double[]) c.values(), true, false));
      case INT32 -> TInt32.tensorOf(shape, DataBuffers.of((int[]) c.values(), true, false));
      case INT64 -> TInt64.tensorOf(shape, DataBuffers.of((long[]) c.values(), true, false));
    };
  }

  private static float[] floats(Tensor t) {
    int n = (int) t.shape().size();
    float[] out = new float[n];
    DataType type = t.dataType();
    switch (type) {
      case DT_FLOAT -> ((TFloat32) t).copyTo(DataBuffers.of(out, false, false));
      case DT_DOUBLE -> {
        double[] d = new double[n];
        ((TFloat64) t).copyTo(DataBuffers.of(d, false, false));
        for (int i = 0; i < n; i++) {
          out[i] = (float) d[i];
        }
      }
      case DT_INT32 -> {
        int[] d = new int[n];
        ((TInt32) t).copyTo(DataBuffers.of(d, false, false));
        for (int i = 0; i < n; i++) {
          out[i] = d[i];
        }
      }
      case DT_INT64 -> {
        long[] d = new long[n];
        ((TInt64) t).copyTo(DataBuffers.of(d, false, false));
        for (int i = 0; i < n; i++) {
          out[i] = d[i];
        }
      }
      default -> throw new IllegalStateException("cannot read an output of type " + type);
    }
    return out;
  }

  @Override
  protected void closeResources() {
    bundle.close();
  }
}
