package dev.vigil.inference;

import dev.vigil.modelloader.ModelLease;
import dev.vigil.modelloader.SharedModel;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * A {@link TensorModelHandler}'s open model: lays a batch out as the model's inputs (checking every
 * value), calls it once, and splits its outputs back into one {@link PredictionResult} per example.
 */
final class TensorPredictor<T> extends SharedModelPredictor<T, TensorModel> {
  private final SerializableFunction<T, float[]> preprocess;
  private final SerializableFunction<T, Map<String, Object>> inputs;

  TensorPredictor(
      SharedModel<TensorModel> shared,
      SerializableFunction<T, float[]> preprocess,
      SerializableFunction<T, Map<String, Object>> inputs) {
    super(shared);
    this.preprocess = preprocess;
    this.inputs = inputs;
  }

  @Override
  public List<PredictionResult<T>> predict(List<T> batch) {
    if (batch.isEmpty()) {
      return List.of();
    }
    try (ModelLease<TensorModel> lease = shared.lease()) {
      TensorModel model = lease.model();
      Map<String, Column> columns =
          preprocess != null ? single(model, batch) : several(model, batch);
      Map<String, float[]> outputs = model.run(columns, batch.size());
      int n = batch.size();
      String[] names = outputs.keySet().toArray(new String[0]);
      float[][] values = new float[names.length][];
      int[] widths = new int[names.length];
      int main = 0;
      for (int o = 0; o < names.length; o++) {
        values[o] = outputs.get(names[o]);
        widths[o] = values[o].length / n;
        main = names[o].equals(model.mainOutput()) ? o : main;
      }
      // Every result views its row of the batch's output arrays: nothing is allocated per example
      // but the result.
      List<PredictionResult<T>> results = new ArrayList<>(n);
      String location = model.location();
      for (int r = 0; r < n; r++) {
        results.add(
            PredictionResult.ofBatchRow(batch.get(r), names, values, widths, r, main, location));
      }
      return results;
    }
  }

  /** The one input {@code withPreprocess} feeds. */
  private Map<String, Column> single(TensorModel model, List<T> batch) {
    TensorSpec spec = model.mainInput();
    if (spec == null) {
      throw new IllegalArgumentException(
          "the model has "
              + model.inputs().size()
              + " inputs "
              + model.inputs()
              + ": name the one withPreprocess feeds with withInput(name), or feed them all with"
              + " withInputs");
    }
    if (spec.type() != TensorSpec.DType.FLOAT32 && spec.type() != TensorSpec.DType.FLOAT64) {
      throw new IllegalArgumentException(
          "input '"
              + spec.name()
              + "' is "
              + spec.type()
              + ": withPreprocess gives float values; feed it with withInputs (int[] or long[])");
    }
    int[] pick = model.columns();
    if (spec.type() == TensorSpec.DType.FLOAT32) {
      return Map.of(spec.name(), float32(model, spec, batch, pick));
    }
    List<Object> rows = new ArrayList<>(batch.size());
    for (int r = 0; r < batch.size(); r++) {
      rows.add(row(batch, r, pick));
    }
    return Map.of(spec.name(), column(spec, rows));
  }

  /**
   * A float32 input laid out straight into the model's staging buffer: one copy per example, its
   * width and values checked on the way.
   */
  private Column float32(TensorModel model, TensorSpec spec, List<T> batch, int[] pick) {
    int n = batch.size();
    float[] first = row(batch, 0, pick);
    int width = checkWidth(spec, first.length, 0);
    FloatBuffer out = model.floatStaging(n * width);
    putFinite(spec, out, first, 0);
    for (int r = 1; r < n; r++) {
      float[] v = row(batch, r, pick);
      if (v.length != width) {
        throw wrongWidth(spec, width, v.length, r);
      }
      putFinite(spec, out, v, r);
    }
    out.flip();
    return new Column(spec, out, n, width);
  }

  /**
   * Example {@code r}'s preprocessed values, picked by the manifest's columns where it has them.
   */
  private float[] row(List<T> batch, int r, int[] pick) {
    float[] v = preprocess.apply(batch.get(r));
    if (v == null) {
      throw new IllegalArgumentException("example " + r + ": preprocess returned null");
    }
    return pick == null ? v : picked(v, pick, r);
  }

  /**
   * Appends {@code v}, refusing NaN and infinities: a float is not finite exactly when its exponent
   * bits are all ones, and adding one to that field then carries into the sign bit. An OR over the
   * row has no floating-point latency chain, so the check costs about as little as the copy.
   */
  private static void putFinite(TensorSpec spec, FloatBuffer out, float[] v, int r) {
    int carry = 0;
    for (float x : v) {
      carry |= (Float.floatToRawIntBits(x) & 0x7f800000) + 0x00800000;
    }
    if (carry < 0) {
      for (int i = 0; i < v.length; i++) {
        if (!Float.isFinite(v[i])) {
          throw notFinite(spec, r, i, v[i]);
        }
      }
    }
    out.put(v);
  }

  /** The values {@code pick} names, in its order (a manifest's features out of the given names). */
  private static float[] picked(float[] v, int[] pick, int r) {
    float[] picked = new float[pick.length];
    for (int k = 0; k < pick.length; k++) {
      if (pick[k] >= v.length) {
        throw new IllegalArgumentException(
            "example "
                + r
                + ": preprocess returned "
                + v.length
                + " values; the feature names given with withFeatureNames need more");
      }
      picked[k] = v[pick[k]];
    }
    return picked;
  }

  /** Every input, from {@code withInputs}. */
  private Map<String, Column> several(TensorModel model, List<T> batch) {
    List<Map<String, Object>> rows = new ArrayList<>(batch.size());
    for (int r = 0; r < batch.size(); r++) {
      Map<String, Object> m = inputs.apply(batch.get(r));
      if (m == null) {
        throw new IllegalArgumentException("example " + r + ": withInputs returned null");
      }
      for (String name : m.keySet()) {
        if (model.input(name) == null) {
          throw new IllegalArgumentException(
              "example "
                  + r
                  + ": the model has no input '"
                  + name
                  + "'; its inputs: "
                  + model.inputs());
        }
      }
      rows.add(m);
    }
    Map<String, Column> columns = new LinkedHashMap<>();
    for (TensorSpec spec : model.inputs()) {
      List<Object> values = new ArrayList<>(rows.size());
      for (int r = 0; r < rows.size(); r++) {
        Object v = rows.get(r).get(spec.name());
        if (v == null) {
          throw new IllegalArgumentException(
              "example " + r + ": no values for input '" + spec.name() + "' (" + spec + ")");
        }
        values.add(v);
      }
      columns.put(spec.name(), column(spec, values));
    }
    return columns;
  }

  /**
   * One input's batch from each example's values: widths checked, NaN and infinities refused,
   * widened where lossless (float to float64, int to int64).
   */
  private static Column column(TensorSpec spec, List<Object> rows) {
    int n = rows.size();
    int width = -1;
    Object values = null;
    for (int r = 0; r < n; r++) {
      Object v = rows.get(r);
      int len = v instanceof float[] f ? f.length : java.lang.reflect.Array.getLength(v);
      if (r == 0) {
        width = checkWidth(spec, len, r);
        values =
            switch (spec.type()) {
              case FLOAT32 -> new float[n * width];
              case FLOAT64 -> new double[n * width];
              case INT32 -> new int[n * width];
              case INT64 -> new long[n * width];
            };
      } else if (len != width) {
        throw wrongWidth(spec, width, len, r);
      }
      copy(spec, v, values, r, width);
    }
    return new Column(spec, values, n, width);
  }

  /** Copies one example's values into the batch array, widening where lossless. */
  private static void copy(TensorSpec spec, Object v, Object values, int r, int width) {
    int base = r * width;
    switch (spec.type()) {
      case FLOAT32 -> {
        if (!(v instanceof float[] f)) {
          throw wrongType(spec, v, "float[]", r);
        }
        for (int i = 0; i < width; i++) {
          if (!Float.isFinite(f[i])) {
            throw notFinite(spec, r, i, f[i]);
          }
        }
        System.arraycopy(f, 0, values, base, width);
      }
      case FLOAT64 -> {
        double[] out = (double[]) values;
        for (int i = 0; i < width; i++) {
          double d;
          if (v instanceof double[] a) {
            d = a[i];
          } else if (v instanceof float[] a) {
            d = a[i];
          } else {
            throw wrongType(spec, v, "double[] or float[]", r);
          }
          if (!Double.isFinite(d)) {
            throw notFinite(spec, r, i, d);
          }
          out[base + i] = d;
        }
      }
      case INT32 -> {
        if (!(v instanceof int[] a)) {
          throw wrongType(spec, v, "int[]", r);
        }
        System.arraycopy(a, 0, values, base, width);
      }
      case INT64 -> {
        long[] out = (long[]) values;
        if (v instanceof long[] a) {
          System.arraycopy(a, 0, out, base, width);
        } else if (v instanceof int[] a) {
          for (int i = 0; i < width; i++) {
            out[base + i] = a[i];
          }
        } else {
          throw wrongType(spec, v, "long[] or int[]", r);
        }
      }
    }
  }

  private static int checkWidth(TensorSpec spec, int len, int r) {
    long expected = spec.width();
    if (expected >= 0 && len != expected) {
      throw wrongWidth(spec, (int) expected, len, r);
    }
    if (len == 0) {
      throw new IllegalArgumentException(
          "example " + r + ": no values for input '" + spec.name() + "'");
    }
    return len;
  }

  private static IllegalArgumentException wrongWidth(TensorSpec spec, int width, int got, int r) {
    return new IllegalArgumentException(
        "example "
            + r
            + ": "
            + got
            + " values for input '"
            + spec.name()
            + "', which takes "
            + width
            + " per example ("
            + spec
            + ")");
  }

  private static IllegalArgumentException wrongType(TensorSpec spec, Object v, String want, int r) {
    return new IllegalArgumentException(
        "example "
            + r
            + ": input '"
            + spec.name()
            + "' is "
            + spec.type()
            + " and takes "
            + want
            + ", got "
            + v.getClass().getSimpleName());
  }

  private static IllegalArgumentException notFinite(TensorSpec spec, int r, int i, double v) {
    return new IllegalArgumentException(
        "example "
            + r
            + ": value "
            + i
            + " of input '"
            + spec.name()
            + "' is "
            + v
            + " (NaN and infinities are refused)");
  }
}
