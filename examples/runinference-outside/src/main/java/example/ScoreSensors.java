package example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.inference.OnnxModelHandler;
import dev.vigil.inference.PredictionResult;
import dev.vigil.inference.RunInference;
import dev.vigil.inference.SavedModelHandler;
import java.io.File;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Scores sensor readings with a model PyTorch exported to ONNX, and the same readings padded to 27
 * values with a SavedModel, on the DirectRunner, with nothing but Vigil's installed artifacts and
 * Beam. Checks the ONNX scores against PyTorch's own outputs (1e-5) and exits 1 when they differ.
 *
 * <p>Arguments: the Vigil checkout's testdata directory, and an output directory.
 */
public final class ScoreSensors {
  /** The user's own type. */
  public record Reading(String sensorId, float[] values) implements Serializable {
    float[] vector() {
      return values;
    }

    float[] padded(int width) {
      return java.util.Arrays.copyOf(values, width);
    }
  }

  public static void main(String[] args) throws Exception {
    Path testdata = Path.of(args[0]).toAbsolutePath();
    Path out = Path.of(args[1]).toAbsolutePath();
    JsonNode expected =
        new ObjectMapper().readTree(testdata.resolve("inference/pytorch/expected.json").toFile());
    List<Reading> readings = new ArrayList<>();
    JsonNode rows = expected.get("readings");
    for (int r = 0; r < rows.size(); r++) {
      float[] v = new float[rows.get(r).size()];
      for (int c = 0; c < v.length; c++) {
        v[c] = (float) rows.get(r).get(c).asDouble();
      }
      readings.add(new Reading("sensor" + r, v));
    }

    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    PCollection<Reading> input =
        p.apply(Create.of(readings).withCoder(SerializableCoder.of(Reading.class)));

    PCollection<PredictionResult<Reading>> onnx =
        input.apply(
            "ONNX",
            RunInference.of(
                OnnxModelHandler.of(testdata.resolve("inference/pytorch/sensor_mlp.onnx").toString())
                    .withPreprocess((Reading r) -> r.vector())));
    PCollection<PredictionResult<Reading>> savedModel =
        input.apply(
            "SavedModel",
            RunInference.of(
                SavedModelHandler.of(testdata.resolve("model").toString())
                    .withPreprocess((Reading r) -> r.padded(27))));
    format(onnx, "FormatOnnx").apply("WriteOnnx", TextIO.write().to(out.resolve("onnx").toString()));
    format(savedModel, "FormatSavedModel")
        .apply("WriteSavedModel", TextIO.write().to(out.resolve("savedmodel").toString()));
    p.run().waitUntilFinish();

    TreeMap<String, Float> scores = read(out, "onnx");
    TreeMap<String, Float> saved = read(out, "savedmodel");
    int bad = 0;
    for (int r = 0; r < readings.size(); r++) {
      float want = (float) expected.get("anomaly").get(r).get(0).asDouble();
      float got = scores.get("sensor" + r);
      boolean ok = Math.abs(got - want) <= 1e-5;
      bad += ok ? 0 : 1;
      System.out.printf(
          Locale.ROOT,
          "sensor%d  onnx %.6f  pytorch %.6f  %s   savedmodel %.6f%n",
          r,
          got,
          want,
          ok ? "ok" : "DIFFERENT",
          saved.get("sensor" + r));
    }
    if (bad > 0 || saved.size() != readings.size()) {
      System.out.println("FAILED: " + bad + " ONNX scores differ from PyTorch's, "
          + saved.size() + " SavedModel scores for " + readings.size() + " readings");
      System.exit(1);
    }
    System.out.println("OK: " + readings.size() + " readings scored by both handlers");
  }

  static PCollection<String> format(PCollection<PredictionResult<Reading>> results, String name) {
    return results.apply(
        name,
        MapElements.into(TypeDescriptors.strings())
            .via(r -> r.example().sensorId() + "\t" + r.inference()[0] + "\t" + r.modelId()));
  }

  static TreeMap<String, Float> read(Path dir, String prefix) throws Exception {
    TreeMap<String, Float> m = new TreeMap<>();
    for (File f : dir.toFile().listFiles((d, n) -> n.startsWith(prefix))) {
      for (String line : Files.readAllLines(f.toPath())) {
        String[] parts = line.split("\t");
        m.put(parts[0], Float.parseFloat(parts[1]));
      }
    }
    return m;
  }
}
