package dev.vigil.modelloader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Real, tiny SavedModels for tests: {@code score = sigmoid(features · w + b)}, exported with
 * TensorFlow Java exactly like trained models are.
 */
public final class LinearTestModels {
  private LinearTestModels() {}

  /** Exports {@code baseDir/<version>} scoring {@code sigmoid(x·w + b)} over {@code features}. */
  public static Path export(Path baseDir, long version, List<String> features, float[] w, float b)
      throws IOException {
    return export(baseDir, version, features, features, w, b, "features", "score");
  }

  /**
   * Like {@link #export(Path, long, List, float[], float)}, with a baseline in the manifest (for
   * reasons) and, if {@code checkNumerics}, a graph that fails on non-finite input.
   */
  public static Path export(
      Path baseDir,
      long version,
      List<String> features,
      float[] w,
      float b,
      float[] baseline,
      boolean checkNumerics)
      throws IOException {
    return build(
        baseDir, version, features, features, w, b, "features", "score", baseline, checkNumerics);
  }

  /**
   * Full control, to make broken models: {@code manifestFeatures} is what the manifest claims,
   * {@code inputName}/{@code outputName} are the signature's names.
   */
  public static Path export(
      Path baseDir,
      long version,
      List<String> graphFeatures,
      List<String> manifestFeatures,
      float[] w,
      float b,
      String inputName,
      String outputName)
      throws IOException {
    return build(
        baseDir,
        version,
        graphFeatures,
        manifestFeatures,
        w,
        b,
        inputName,
        outputName,
        null,
        false);
  }

  private static Path build(
      Path baseDir,
      long version,
      List<String> graphFeatures,
      List<String> manifestFeatures,
      float[] w,
      float b,
      String inputName,
      String outputName,
      float[] baseline,
      boolean checkNumerics)
      throws IOException {
    int n = graphFeatures.size();
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, n)));
      float[][] weights = new float[n][1];
      for (int i = 0; i < n; i++) {
        weights[i][0] = w[i];
      }
      Operand<TFloat32> checked =
          checkNumerics ? tf.debugging.checkNumerics(x, "features must be finite") : x;
      Operand<TFloat32> logits =
          tf.math.add(tf.linalg.matMul(checked, tf.constant(weights)), tf.constant(b));
      Operand<TFloat32> score = tf.math.sigmoid(logits);
      FeatureManifest manifest =
          new FeatureManifest(manifestFeatures, inputName, outputName, baseline, null);
      return ModelExporter.export(baseDir, version, session, x, score, manifest);
    }
  }

  /** The score the linear model gives {@code row}, computed in Java. */
  public static float expected(float[] row, float[] w, float b) {
    double z = b;
    for (int i = 0; i < row.length; i++) {
      z += row[i] * w[i];
    }
    return (float) (1 / (1 + Math.exp(-z)));
  }
}
