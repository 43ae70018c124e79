package dev.vigil.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.inference.OnnxModelHandler;
import dev.vigil.inference.PredictionResult;
import dev.vigil.inference.Predictor;
import dev.vigil.inference.SavedModelHandler;
import dev.vigil.inference.TensorModelHandler;
import dev.vigil.modelloader.ModelExporter;
import dev.vigil.modelloader.ScoringModel;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Both RunInference handlers on one model: the MLP of the fraud model's width (27 → 64 → 32 → 1) in
 * {@code testdata/inference/vigil-width}, exported by PyTorch to ONNX, and built from the same
 * weights as a SavedModel with TF Java. For each handler and batch size: rows/s of the raw
 * framework call (prebuilt input → tensor → call → copy out; for ONNX Runtime the input is already
 * in a direct buffer, which it reads without a copy) and of what RunInference's DoFn does per batch
 * ({@link Predictor#predict}: preprocess, checks, layout, the call, one {@link PredictionResult}
 * per row), one thread. First checks both give PyTorch's outputs to 1e-5.
 */
final class HandlerBenchmark {
  static final Path MODEL = Path.of("testdata/inference/vigil-width");
  static final int WIDTH = 27;

  /** Batches of input the raw calls cycle over (and RunInference's, the same rows). */
  private static final int PREBUILT = 64;

  private HandlerBenchmark() {}

  /** One row of the table: handler, batch, raw rows/s, RunInference rows/s. */
  record Point(String handler, int batch, double raw, double runInference) {}

  static List<Point> run(List<float[]> rows, int[] batches, double seconds) throws Exception {
    Path dir = Files.createTempDirectory("vigil-handler-bench");
    Path savedModel = exportSavedModel(dir.resolve("savedmodel"));
    Path onnx = MODEL.resolve("mlp.onnx");
    TensorModelHandler<float[]> tf = SavedModelHandler.of(savedModel.toString());
    TensorModelHandler<float[]> ort = OnnxModelHandler.of(onnx.toString());
    checkAgreement(tf);
    checkAgreement(ort);
    List<Point> points = new ArrayList<>();
    try (SavedModelBundle bundle = ScoringModel.openBundle(savedModel, 1);
        Predictor<float[]> tfPredictor = tf.open()) {
      SessionFunction fn = bundle.function(ScoringModel.SIGNATURE_KEY);
      for (int b : batches) {
        Runnable raw = InferenceBenchmark.rawCall(fn, prebuilt(rows, b), b, WIDTH);
        double[] rates =
            InferenceBenchmark.measureInterleaved(
                raw, viaPredictor(tfPredictor, rows, b), b, 2 * seconds);
        points.add(new Point("SavedModelHandler", b, rates[0], rates[1]));
      }
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      try (OrtSession session = env.createSession(onnx.toString(), options);
          Predictor<float[]> ortPredictor = ort.open()) {
        for (int b : batches) {
          // The best raw call: inputs already in direct buffers, which ONNX Runtime reads in place.
          java.nio.FloatBuffer[] prebuilt = directBuffers(prebuilt(rows, b));
          float[] out = new float[b];
          long[] shape = {b, WIDTH};
          Runnable raw =
              new Runnable() {
                int k;

                @Override
                public void run() {
                  try (OnnxTensor x =
                          OnnxTensor.createTensor(env, prebuilt[k++ % prebuilt.length], shape);
                      OrtSession.Result r = session.run(Map.of("features", x))) {
                    ((OnnxTensor) r.get(0)).getFloatBuffer().get(out);
                  } catch (OrtException e) {
                    throw new IllegalStateException(e);
                  }
                }
              };
          double[] rates =
              InferenceBenchmark.measureInterleaved(
                  raw, viaPredictor(ortPredictor, rows, b), b, 2 * seconds);
          points.add(new Point("OnnxModelHandler", b, rates[0], rates[1]));
        }
      }
    }
    return points;
  }

  /**
   * What RunInference's DoFn does for one batch of {@code b} rows, cycling over the rows the raw
   * call's {@link #prebuilt} batches hold (the first {@link #PREBUILT} × b), so that both read the
   * same input from the same cache levels.
   */
  private static Runnable viaPredictor(Predictor<float[]> predictor, List<float[]> allRows, int b) {
    List<float[]> rows = allRows.subList(0, Math.min(allRows.size(), PREBUILT * b));
    return new Runnable() {
      int from;

      @Override
      public void run() {
        if (from + b > rows.size()) {
          from = 0;
        }
        predictor.predict(rows.subList(from, from + b));
        from += b;
      }
    };
  }

  private static FloatBuffer[] directBuffers(float[][] arrays) {
    FloatBuffer[] out = new FloatBuffer[arrays.length];
    for (int i = 0; i < arrays.length; i++) {
      out[i] =
          java.nio.ByteBuffer.allocateDirect(arrays[i].length * Float.BYTES)
              .order(java.nio.ByteOrder.nativeOrder())
              .asFloatBuffer()
              .put(arrays[i]);
      out[i].flip();
    }
    return out;
  }

  private static float[][] prebuilt(List<float[]> rows, int b) {
    float[][] batches = new float[PREBUILT][];
    for (int k = 0; k < batches.length; k++) {
      int from = (k * b) % Math.max(1, rows.size() - b);
      batches[k] = new float[b * WIDTH];
      for (int r = 0; r < b; r++) {
        System.arraycopy(rows.get(from + r), 0, batches[k], r * WIDTH, WIDTH);
      }
    }
    return batches;
  }

  /** Both handlers must give PyTorch's outputs on its fixed inputs. */
  private static void checkAgreement(TensorModelHandler<float[]> handler) throws Exception {
    JsonNode expected = new ObjectMapper().readTree(MODEL.resolve("expected.json").toFile());
    List<float[]> x = new ArrayList<>();
    expected.get("features").forEach(r -> x.add(floats(r)));
    try (Predictor<float[]> p = handler.open()) {
      List<PredictionResult<float[]>> got = p.predict(x);
      for (int i = 0; i < x.size(); i++) {
        double want = expected.get("score").get(i).get(0).asDouble();
        if (Math.abs(got.get(i).inference()[0] - want) > 1e-5) {
          throw new IllegalStateException(
              handler
                  + " gives "
                  + got.get(i).inference()[0]
                  + " for row "
                  + i
                  + ", PyTorch "
                  + want);
        }
      }
    }
  }

  private static float[] floats(JsonNode row) {
    float[] v = new float[row.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) row.get(i).asDouble();
    }
    return v;
  }

  private static float[][] matrix(JsonNode m) {
    float[][] out = new float[m.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = floats(m.get(i));
    }
    return out;
  }

  /** The PyTorch MLP's weights as a SavedModel made with TF Java (no Vigil manifest). */
  static Path exportSavedModel(Path dir) throws IOException {
    JsonNode w = new ObjectMapper().readTree(MODEL.resolve("weights.json").toFile());
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, WIDTH)));
      Operand<TFloat32> h = x;
      for (int layer = 1; layer <= 3; layer++) {
        Operand<TFloat32> z =
            tf.math.add(
                tf.linalg.matMul(h, tf.constant(matrix(w.get("w" + layer)))),
                tf.constant(floats(w.get("b" + layer))));
        h = layer < 3 ? tf.nn.relu(z) : tf.math.sigmoid(z);
      }
      Signature signature =
          Signature.builder()
              .key(ScoringModel.SIGNATURE_KEY)
              .input("features", x)
              .output("score", h)
              .build();
      ModelExporter.exportSavedModel(dir, session, signature);
    }
    return dir;
  }
}
