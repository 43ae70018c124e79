package dev.vigil.pipelines.train;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The encoding's edges and values, computed by hand for a small training set. */
class PiecewiseLinearEncodingTest {
  static final List<String> NAMES = List.of("amount", "constant");

  /**
   * 100 legitimate rows of amount 10 and 100 frauds of amount 300: whatever the sample, the
   * amount's quantile edges are 10 and 300, one bin, which encodes {@code (x - 10) / 290} clipped
   * to [0, 1]; the constant feature gets no bin.
   */
  @Test
  void encodesEachBinLinearlyBetweenItsQuantileEdges(@TempDir Path dir) throws Exception {
    List<TrainingRow> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rows.add(row(i, 0, 10));
      rows.add(row(100 + i, 1, 300));
    }
    RowFileTest.write(dir.resolve("r.rows"), NAMES, rows);
    try (RowFile.Rows file = RowFile.Rows.open(dir)) {
      RowSubset all = new RowSubset(file, file.deterministicOrder());
      PiecewiseLinearEncoding ple = PiecewiseLinearEncoding.fit(all, 16, 0.5, 1);
      assertThat("one bin for the amount, none for the constant", ple.width(), equalTo(1));
      float[][] out = encode(ple, new float[][] {{-5, 7}, {10, 7}, {150, 7}, {300, 7}, {1e4f, 7}});
      assertThat((double) out[0][0], closeTo(0, 1e-6));
      assertThat((double) out[1][0], closeTo(0, 1e-6));
      assertThat((double) out[2][0], closeTo(140 / 290.0, 1e-6));
      assertThat((double) out[3][0], closeTo(1, 1e-6));
      assertThat((double) out[4][0], closeTo(1, 1e-6));
    }
  }

  /** Amounts 0..99 legitimate and 200..299 fraud: 4 bins, filled in order, each one in [0, 1]. */
  @Test
  void fillsBinsInOrder(@TempDir Path dir) throws Exception {
    List<TrainingRow> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rows.add(row(i, 0, i));
      rows.add(row(100 + i, 1, 200 + i));
    }
    RowFileTest.write(dir.resolve("r.rows"), NAMES, rows);
    try (RowFile.Rows file = RowFile.Rows.open(dir)) {
      PiecewiseLinearEncoding ple =
          PiecewiseLinearEncoding.fit(new RowSubset(file, file.deterministicOrder()), 4, 0.5, 1);
      assertThat(ple.width(), equalTo(4));
      float[][] out = encode(ple, new float[][] {{-1, 7}, {60, 7}, {150, 7}, {260, 7}, {400, 7}});
      double previousSum = -1;
      for (float[] bins : out) {
        double sum = 0;
        boolean seenPartial = false;
        for (float v : bins) {
          assertThat(
              (double) v,
              org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThanOrEqualTo(0.0))
                  .and(org.hamcrest.Matchers.lessThanOrEqualTo(1.0)));
          if (seenPartial) {
            assertThat("a bin after a partial one is empty", (double) v, closeTo(0, 1e-6));
          }
          seenPartial |= v < 1;
          sum += v;
        }
        assertThat("a larger value fills more", sum > previousSum, equalTo(true));
        previousSum = sum;
      }
      assertThat(previousSum, closeTo(4, 1e-6));
    }
  }

  static TrainingRow row(int i, int label, float amount) {
    return new TrainingRow(
        TrainingRow.hash("tx-" + i),
        1_700_000_000_000L + i * 1000L,
        ("card-" + i).hashCode(),
        label,
        label == 1 ? "AMOUNT_OVER_220" : "LEGIT",
        new float[] {amount, 7});
  }

  static float[][] encode(PiecewiseLinearEncoding ple, float[][] rows) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      float[] flat = new float[rows.length * 2];
      for (int r = 0; r < rows.length; r++) {
        System.arraycopy(rows[r], 0, flat, r * 2, 2);
      }
      Operand<TFloat32> in =
          tf.constant(Shape.of(rows.length, 2), DataBuffers.of(flat, true, false));
      try (TFloat32 t = (TFloat32) s.runner().fetch(ple.apply(tf, in)).run().get(0)) {
        float[] v = new float[rows.length * ple.width()];
        t.copyTo(DataBuffers.of(v, false, false));
        float[][] out = new float[rows.length][ple.width()];
        for (int r = 0; r < rows.length; r++) {
          System.arraycopy(v, r * ple.width(), out[r], 0, ple.width());
        }
        return out;
      }
    }
  }
}
