package dev.vigil.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The models in {@code testdata/inference} that other tools made (the onnx package's helpers,
 * PyTorch's exporter), each with the inputs and the outputs its maker computed.
 */
final class ForeignModels {
  static final Path ROOT = findRoot().resolve("testdata/inference");
  static final Path ANOMALY = ROOT.resolve("onnx-helpers/anomaly.onnx");
  static final Path EMBED = ROOT.resolve("onnx-helpers/embed.onnx");
  static final Path TORCH = ROOT.resolve("pytorch/sensor_mlp.onnx");

  private ForeignModels() {}

  /** A sensor reading, as a user's own type. */
  record Reading(String sensorId, float[] values) implements Serializable {
    float[] vector() {
      return values;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Reading r
          && sensorId.equals(r.sensorId)
          && java.util.Arrays.equals(values, r.values);
    }

    @Override
    public int hashCode() {
      return sensorId.hashCode() * 31 + java.util.Arrays.hashCode(values);
    }
  }

  static JsonNode expected(String maker) {
    try {
      return new ObjectMapper().readTree(ROOT.resolve(maker).resolve("expected.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static float[][] matrix(JsonNode rows) {
    float[][] m = new float[rows.size()][];
    for (int r = 0; r < rows.size(); r++) {
      m[r] = new float[rows.get(r).size()];
      for (int c = 0; c < m[r].length; c++) {
        m[r][c] = (float) rows.get(r).get(c).asDouble();
      }
    }
    return m;
  }

  static long[][] longs(JsonNode rows) {
    long[][] m = new long[rows.size()][];
    for (int r = 0; r < rows.size(); r++) {
      m[r] = new long[rows.get(r).size()];
      for (int c = 0; c < m[r].length; c++) {
        m[r][c] = rows.get(r).get(c).asLong();
      }
    }
    return m;
  }

  private static Path findRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("testdata/inference"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(
          "testdata/inference not found above " + Path.of("").toAbsolutePath());
    }
    return p;
  }
}
