package dev.vigil.pipelines.sensors;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.inference.OnnxModelHandler;
import dev.vigil.inference.PredictionResult;
import dev.vigil.inference.RunInference;
import dev.vigil.model.DeadLetter;
import dev.vigil.testing.TestPipelineExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sensor pipeline on the DirectRunner over a small generated stream: every window's features
 * equal the reference computed without Beam and every malformed line is a dead letter with its
 * reason; the shipped model gives PyTorch's own probabilities. (How well it finds faults is checked
 * on a longer stream by {@link SensorCrossRunnerIT}.)
 */
@ExtendWith(TestPipelineExtension.class)
class SensorPipelineTest {
  static final Path ROOT = findRoot();
  static final Path MODEL = ROOT.resolve("testdata/inference/sensors/sensor_anomaly.onnx");

  static Path findRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (!Files.exists(p.resolve("testdata/inference/sensors"))) {
      p = p.getParent();
    }
    return p;
  }

  @Test
  void theShippedModelGivesPyTorchsProbabilities(TestPipeline p) throws IOException {
    JsonNode expected =
        new ObjectMapper()
            .readTree(ROOT.resolve("testdata/inference/sensors/expected.json").toFile());
    List<float[]> rows = new ArrayList<>();
    expected.get("features").forEach(r -> rows.add(floats(r)));
    List<float[]> want = new ArrayList<>();
    expected.get("probabilities").forEach(r -> want.add(floats(r)));
    PCollection<PredictionResult<float[]>> scored =
        p.apply(Create.of(rows)).apply(RunInference.of(OnnxModelHandler.of(MODEL.toString())));
    PAssert.that(scored)
        .satisfies(
            results -> {
              int n = 0;
              for (PredictionResult<float[]> r : results) {
                int row = indexOf(rows, r.example());
                assertThat(r.mainOutput(), equalTo("probabilities"));
                for (int c = 0; c < ScoredSensorWindow.CLASSES.size(); c++) {
                  assertThat((double) r.inference()[c], closeTo(want.get(row)[c], 1e-5));
                }
                n++;
              }
              assertThat(n, equalTo(rows.size()));
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void windowsAreExactAndDeadLettersComplete(TestPipeline p, @TempDir Path dir) throws IOException {
    SensorReadingGenerator.Stream stream =
        SensorReadingGenerator.of(23, 3, 1).withMalformedRate(0.01).generate();
    Path input = dir.resolve("readings.jsonl");
    Files.write(input, stream.lines());
    SensorOptions o = p.getOptions().as(SensorOptions.class);
    o.setInputFile(input.toString());
    o.setModel(MODEL.toString());

    SensorPipeline.Outputs out = SensorPipeline.build(p, o);

    List<String> expectedWindows = new ArrayList<>();
    for (SensorWindow w : ReferenceSensorWindows.of(stream.readings(), 600_000L, 60_000L)) {
      expectedWindows.add(key(w));
    }
    PAssert.that(
            out.scored()
                .apply(
                    "WindowKeys",
                    MapElements.into(TypeDescriptors.strings())
                        .via((ScoredSensorWindow s) -> key(s.window()))))
        .containsInAnyOrder(expectedWindows);
    int malformed = stream.malformed();
    PAssert.that(out.deadLetters())
        .satisfies(
            dead -> {
              int n = 0;
              for (DeadLetter d : dead) {
                assertThat(d.getStage(), equalTo(SensorPipeline.PARSE_STAGE));
                assertThat(d.getSource().startsWith("file:"), equalTo(true));
                assertThat(d.getError().isBlank(), equalTo(false));
                n++;
              }
              assertThat(n, equalTo(malformed));
              return null;
            });
    PAssert.that(out.anomalies())
        .satisfies(
            anomalies -> {
              anomalies.forEach(a -> assertThat(a.anomaly(), equalTo(true)));
              return null;
            });
    p.run().waitUntilFinish();
  }

  /** A window's identity and features, exactly. */
  static String key(SensorWindow w) {
    return w.sensorId()
        + "|"
        + w.startMillis()
        + "|"
        + w.endMillis()
        + "|"
        + Arrays.toString(w.features());
  }

  private static float[] floats(JsonNode row) {
    float[] f = new float[row.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) row.get(i).asDouble();
    }
    return f;
  }

  private static int indexOf(List<float[]> rows, float[] row) {
    for (int i = 0; i < rows.size(); i++) {
      if (Arrays.equals(rows.get(i), row)) {
        return i;
      }
    }
    throw new AssertionError("not an input row: " + Arrays.toString(row));
  }
}
