package dev.vigil.inference;

import dev.vigil.modelloader.ModelExporter;
import dev.vigil.modelloader.ScoringModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * SavedModels of other shapes than Vigil's, made with TensorFlow Java's own API: two inputs ({@code
 * ids} int64 {@code [N, 2]} rows of a 10×3 table, {@code x} float32 {@code [N, 3]}) and two outputs
 * ({@code y} float32 {@code [N, 1]} = the rows' sum dotted with x, {@code doubled} float32 {@code
 * [N, 3]} = 2x), with no Vigil manifest.
 */
final class MultiIoSavedModels {
  private MultiIoSavedModels() {}

  static float[][] table(long seed) {
    Random r = new Random(seed);
    float[][] t = new float[10][3];
    for (float[] row : t) {
      for (int c = 0; c < 3; c++) {
        row[c] = (float) r.nextGaussian();
      }
    }
    return t;
  }

  /** Writes the model with the table of {@code seed} to {@code dir} (which must not exist). */
  static Path export(Path dir, long seed) throws IOException {
    Files.createDirectories(dir.getParent());
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TInt64> ids = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(-1, 2)));
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 3)));
      Operand<TFloat32> rows = tf.gather(tf.constant(table(seed)), ids, tf.constant(0));
      Operand<TFloat32> summed = tf.reduceSum(rows, tf.constant(1));
      Operand<TFloat32> y =
          tf.reduceSum(
              tf.math.mul(summed, x),
              tf.constant(1),
              org.tensorflow.op.core.ReduceSum.keepDims(true));
      Operand<TFloat32> doubled = tf.math.mul(x, tf.constant(2f));
      Signature signature =
          Signature.builder()
              .key(ScoringModel.SIGNATURE_KEY)
              .input("ids", ids)
              .input("x", x)
              .output("y", y)
              .output("doubled", doubled)
              .build();
      ModelExporter.exportSavedModel(dir, session, signature);
    }
    return dir;
  }

  /** {@code y} for one example, computed in Java. */
  static float expected(long seed, long[] ids, float[] x) {
    float[][] t = table(seed);
    double y = 0;
    for (int c = 0; c < 3; c++) {
      y += (t[(int) ids[0]][c] + t[(int) ids[1]][c]) * x[c];
    }
    return (float) y;
  }
}
