package dev.vigil.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.vigil.modelloader.ModelValidationException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An ONNX model version in ONNX Runtime for Java: inputs and outputs in the graph's order. */
final class OnnxVersion extends TensorModel {
  private final OrtSession session;

  /**
   * Per calling thread, a direct buffer the float32 inputs are copied into: ONNX Runtime reads a
   * direct buffer in place, whereas it copies a heap array into a new direct buffer on every call,
   * whose memory the JVM frees only after a GC (and stalls for when its direct-memory budget runs
   * out).
   */
  private final ThreadLocal<FloatBuffer> floatInput = new ThreadLocal<>();

  private OnnxVersion(
      long version,
      Path file,
      long loadMillis,
      List<TensorSpec> inputs,
      List<TensorSpec> outputs,
      OrtSession session) {
    super(version, file.toString(), loadMillis, inputs, outputs);
    this.session = session;
  }

  static OnnxVersion load(Path file, long version, int intraOpThreads)
      throws ModelValidationException {
    long start = System.nanoTime();
    if (!Files.isRegularFile(file)) {
      throw new ModelValidationException("no ONNX model file " + file);
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession session;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      session = env.createSession(file.toString(), options);
    } catch (OrtException | RuntimeException e) {
      throw new ModelValidationException(
          "cannot load ONNX model " + file + ": " + e.getMessage(), e);
    }
    try {
      return new OnnxVersion(
          version,
          file,
          (System.nanoTime() - start) / 1_000_000,
          specs(session.getInputInfo(), file),
          specs(session.getOutputInfo(), file),
          session);
    } catch (OrtException | ModelValidationException e) {
      closeQuietly(session);
      throw e instanceof ModelValidationException m
          ? m
          : new ModelValidationException("cannot read ONNX model " + file + ": " + e, e);
    }
  }

  private static List<TensorSpec> specs(Map<String, NodeInfo> nodes, Path file)
      throws ModelValidationException {
    List<TensorSpec> specs = new ArrayList<>();
    for (NodeInfo node : nodes.values()) {
      if (!(node.getInfo() instanceof TensorInfo info)) {
        throw new ModelValidationException(
            "ONNX model " + file + ": '" + node.getName() + "' is not a tensor: " + node.getInfo());
      }
      TensorSpec.DType type =
          switch (info.type) {
            case FLOAT -> TensorSpec.DType.FLOAT32;
            case DOUBLE -> TensorSpec.DType.FLOAT64;
            case INT32 -> TensorSpec.DType.INT32;
            case INT64 -> TensorSpec.DType.INT64;
            default ->
                throw new ModelValidationException(
                    "ONNX model "
                        + file
                        + ": tensor '"
                        + node.getName()
                        + "' is "
                        + info.type
                        + "; RunInference handles float32, float64, int32 and int64");
          };
      specs.add(new TensorSpec(node.getName(), type, info.getShape()));
    }
    return specs;
  }

  @Override
  Map<String, float[]> run(Map<String, Column> columns, int rows) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Map<String, OnnxTensor> feeds = new HashMap<>();
    try {
      for (Column c : columns.values()) {
        feeds.put(c.spec().name(), tensor(env, c));
      }
      try (OrtSession.Result result = session.run(feeds)) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (TensorSpec o : outputs()) {
          OnnxValue v =
              result
                  .get(o.name())
                  .orElseThrow(
                      () -> new IllegalStateException("model returned no '" + o.name() + "'"));
          out.put(o.name(), floats((OnnxTensor) v));
        }
        return out;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
    } finally {
      feeds.values().forEach(OnnxTensor::close);
    }
  }

  private OnnxTensor tensor(OrtEnvironment env, Column c) throws OrtException {
    long[] shape = c.spec().batchShape(c.rows(), c.width());
    return switch (c.spec().type()) {
      case FLOAT32 -> OnnxTensor.createTensor(env, direct(c), shape);
      case FLOAT64 -> OnnxTensor.createTensor(env, DoubleBuffer.wrap((double[]) c.values()), shape);
      case INT32 -> OnnxTensor.createTensor(env, IntBuffer.wrap((int[]) c.values()), shape);
      case INT64 -> OnnxTensor.createTensor(env, LongBuffer.wrap((long[]) c.values()), shape);
    };
  }

  @Override
  FloatBuffer floatStaging(int size) {
    FloatBuffer b = floatInput.get();
    if (b == null || b.capacity() < size) {
      b =
          ByteBuffer.allocateDirect(Math.max(size, 1024) * Float.BYTES)
              .order(ByteOrder.nativeOrder())
              .asFloatBuffer();
      floatInput.set(b);
    }
    b.clear();
    b.limit(size);
    return b;
  }

  /** A float32 column as a direct buffer: as laid out in {@link #floatStaging}, or copied there. */
  private FloatBuffer direct(Column c) {
    FloatBuffer values = c.floatBuffer();
    if (values.isDirect()) {
      return values;
    }
    FloatBuffer b = floatStaging(values.remaining());
    b.put(values.duplicate());
    b.flip();
    return b;
  }

  private static float[] floats(OnnxTensor t) {
    OnnxJavaType type = t.getInfo().type;
    switch (type) {
      case FLOAT -> {
        FloatBuffer b = t.getFloatBuffer();
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
      }
      case DOUBLE -> {
        DoubleBuffer b = t.getDoubleBuffer();
        float[] out = new float[b.remaining()];
        for (int i = 0; i < out.length; i++) {
          out[i] = (float) b.get(i);
        }
        return out;
      }
      case INT32 -> {
        IntBuffer b = t.getIntBuffer();
        float[] out = new float[b.remaining()];
        for (int i = 0; i < out.length; i++) {
          out[i] = b.get(i);
        }
        return out;
      }
      case INT64 -> {
        LongBuffer b = t.getLongBuffer();
        float[] out = new float[b.remaining()];
        for (int i = 0; i < out.length; i++) {
          out[i] = b.get(i);
        }
        return out;
      }
      default -> throw new IllegalStateException("cannot read an output of type " + type);
    }
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      // already failing; the load error says why
    }
  }

  @Override
  protected void closeResources() {
    closeQuietly(session);
  }
}
