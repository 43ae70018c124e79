package dev.vigil.inference;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.inference.ForeignModels.Reading;
import dev.vigil.modelloader.ModelValidationException;
import dev.vigil.testing.TestPipelineExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * RunInference with ONNX models that Vigil did not make: one written with the onnx package's
 * helpers (one input, two outputs), one with two inputs of which one is int64, one exported by
 * PyTorch; each must give its maker's outputs to 1e-5.
 */
@ExtendWith(TestPipelineExtension.class)
class OnnxModelHandlerTest {
  static final double TOLERANCE = 1e-5;

  static List<Reading> readings(float[][] rows) {
    List<Reading> out = new ArrayList<>();
    for (int r = 0; r < rows.length; r++) {
      out.add(new Reading("sensor" + r, rows[r]));
    }
    return out;
  }

  /** The example of the issue, word for word, on the model PyTorch exported. */
  @Test
  void scoresAPyTorchExportWithTheUsersOwnType(TestPipeline p) {
    JsonNode expected = ForeignModels.expected("pytorch");
    float[][] in = ForeignModels.matrix(expected.get("readings"));
    float[][] want = ForeignModels.matrix(expected.get("anomaly"));
    PCollection<Reading> readings =
        p.apply(Create.of(readings(in)).withCoder(SerializableCoder.of(Reading.class)));

    PCollection<PredictionResult<Reading>> scored =
        readings.apply(
            RunInference.of(
                OnnxModelHandler.of(ForeignModels.TORCH.toString())
                    .withPreprocess((Reading r) -> r.vector())));

    PAssert.that(scored)
        .satisfies(
            results -> {
              int n = 0;
              for (PredictionResult<Reading> r : results) {
                int row = Integer.parseInt(r.example().sensorId().substring(6));
                assertThat(r.inference().length, equalTo(1));
                assertThat((double) r.inference()[0], closeTo(want[row][0], TOLERANCE));
                assertThat(r.modelId(), equalTo(ForeignModels.TORCH.toString()));
                assertThat(r.inferences().keySet(), equalTo(java.util.Set.of("anomaly")));
                n++;
              }
              assertThat(n, equalTo(in.length));
              return null;
            });
    p.run().waitUntilFinish();
  }

  /** One input, two outputs, every output by name; the onnx helpers' graph, computed by numpy. */
  @Test
  void givesEveryOutputOfAHelperMadeModel(TestPipeline p) {
    JsonNode expected = ForeignModels.expected("onnx-helpers").get("anomaly");
    float[][] in = ForeignModels.matrix(expected.get("readings"));
    float[][] score = ForeignModels.matrix(expected.get("score"));
    float[][] hidden = ForeignModels.matrix(expected.get("hidden"));
    PCollection<PredictionResult<float[]>> scored =
        p.apply(Create.of(List.of(in)))
            .apply(
                RunInference.of(OnnxModelHandler.of(ForeignModels.ANOMALY.toString()))
                    .withMaxBatchSize(4));
    PAssert.that(scored)
        .satisfies(
            results -> {
              int n = 0;
              for (PredictionResult<float[]> r : results) {
                int row = rowOf(in, r.example());
                assertThat(r.mainOutput(), equalTo("score"));
                assertThat((double) r.inference()[0], closeTo(score[row][0], TOLERANCE));
                float[] h = r.inferences().get("hidden");
                assertThat(h.length, equalTo(3));
                for (int i = 0; i < 3; i++) {
                  assertThat((double) h[i], closeTo(hidden[row][i], TOLERANCE));
                }
                n++;
              }
              assertThat(n, equalTo(in.length));
              return null;
            });
    p.run().waitUntilFinish();
  }

  /** Two inputs, one of them int64: withInputs feeds them by name. */
  @Test
  void feedsSeveralInputsIncludingInt64(TestPipeline p) {
    JsonNode expected = ForeignModels.expected("onnx-helpers").get("embed");
    long[][] ids = ForeignModels.longs(expected.get("ids"));
    float[][] x = ForeignModels.matrix(expected.get("x"));
    float[][] y = ForeignModels.matrix(expected.get("y"));
    List<KV<String, Integer>> rows = new ArrayList<>();
    for (int r = 0; r < ids.length; r++) {
      rows.add(KV.of("row" + r, r));
    }
    PCollection<KV<String, PredictionResult<Integer>>> scored =
        p.apply(Create.of(rows))
            .apply(
                RunInference.<String, Integer>ofKeyed(
                    OnnxModelHandler.of(ForeignModels.EMBED.toString())
                        .withInputs((Integer r) -> Map.of("ids", ids[r], "x", x[r]))));
    PAssert.that(scored)
        .satisfies(
            results -> {
              int n = 0;
              for (KV<String, PredictionResult<Integer>> kv : results) {
                int r = kv.getValue().example();
                assertThat(kv.getKey(), equalTo("row" + r));
                assertThat((double) kv.getValue().inference()[0], closeTo(y[r][0], TOLERANCE));
                n++;
              }
              assertThat(n, equalTo(ids.length));
              return null;
            });
    p.run().waitUntilFinish();
  }

  /**
   * A stream scored through GroupIntoBatches: bad elements (wrong width, NaN) come out as failures
   * with their reasons, and the good ones in their batches are scored anyway.
   */
  @Test
  void badElementsFailAloneOnAStream(TestPipeline p) {
    JsonNode expected = ForeignModels.expected("pytorch");
    float[][] in = ForeignModels.matrix(expected.get("readings"));
    float[][] want = ForeignModels.matrix(expected.get("anomaly"));
    Instant t0 = new Instant(0);
    TestStream.Builder<Reading> stream = TestStream.create(SerializableCoder.of(Reading.class));
    List<TimestampedValue<Reading>> events = new ArrayList<>();
    for (int r = 0; r < in.length; r++) {
      events.add(
          TimestampedValue.of(new Reading("sensor" + r, in[r]), t0.plus(Duration.millis(r))));
    }
    events.add(TimestampedValue.of(new Reading("short", new float[] {1f, 2f}), t0));
    events.add(TimestampedValue.of(new Reading("nan", new float[] {1f, Float.NaN, 0f, 0f}), t0));
    for (TimestampedValue<Reading> e : events) {
      stream = stream.addElements(e);
    }
    PCollection<Reading> readings = p.apply(stream.advanceWatermarkToInfinity());

    WithFailures.Result<PCollection<PredictionResult<Reading>>, InferenceFailure<Reading>> result =
        readings.apply(
            RunInference.of(
                    OnnxModelHandler.of(ForeignModels.TORCH.toString())
                        .withPreprocess((Reading r) -> r.vector()))
                .withMaxBatchSize(3)
                .withShards(1)
                .withExceptionHandling());

    PAssert.that(result.output())
        .satisfies(
            results -> {
              int n = 0;
              for (PredictionResult<Reading> r : results) {
                int row = Integer.parseInt(r.example().sensorId().substring(6));
                assertThat((double) r.inference()[0], closeTo(want[row][0], TOLERANCE));
                n++;
              }
              assertThat(n, equalTo(in.length));
              return null;
            });
    PAssert.that(result.failures())
        .satisfies(
            failures -> {
              Map<String, String> reasons = new HashMap<>();
              failures.forEach(f -> reasons.put(f.element().sensorId(), f.reason()));
              assertThat(reasons.keySet(), equalTo(java.util.Set.of("short", "nan")));
              assertThat(
                  reasons.get("short"),
                  equalTo(
                      "2 values for input 'readings', which takes 4 per example (readings float32[-1, 4])"));
              assertThat(reasons.get("nan"), containsString("value 1 of input 'readings' is NaN"));
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void refusesAMissingOrCorruptModelSayingWhy(@TempDir Path dir) throws Exception {
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> RunInference.of(OnnxModelHandler.of(dir.resolve("none.onnx").toString())));
    assertThat(missing.getMessage(), containsString("none.onnx does not exist"));

    Path corrupt = dir.resolve("corrupt.onnx");
    byte[] good = Files.readAllBytes(ForeignModels.ANOMALY);
    Files.write(corrupt, java.util.Arrays.copyOf(good, good.length / 2));
    ModelValidationException e =
        assertThrows(
            ModelValidationException.class, () -> OnnxModelHandler.of(corrupt.toString()).open());
    assertThat(e.getMessage(), containsString("cannot load ONNX model " + corrupt));
  }

  @Test
  void refusesFloatsForAnInt64InputAndNamesTheChoiceForSeveralInputs() throws Exception {
    try (Predictor<float[]> onnx = OnnxModelHandler.of(ForeignModels.EMBED.toString()).open()) {
      IllegalArgumentException several =
          assertThrows(IllegalArgumentException.class, () -> onnx.predict(List.of(new float[2])));
      assertThat(several.getMessage(), containsString("the model has 2 inputs"));
      assertThat(several.getMessage(), containsString("withInput(name)"));
    }
    try (Predictor<float[]> ids =
        OnnxModelHandler.of(ForeignModels.EMBED.toString()).withInput("ids").open()) {
      IllegalArgumentException dtype =
          assertThrows(IllegalArgumentException.class, () -> ids.predict(List.of(new float[2])));
      assertThat(dtype.getMessage(), containsString("input 'ids' is INT64"));
    }
    try (Predictor<Integer> wrongType =
        OnnxModelHandler.of(ForeignModels.EMBED.toString())
            .withInputs((Integer r) -> Map.of("ids", new float[] {1, 2}, "x", new float[3]))
            .open()) {
      IllegalArgumentException dtype =
          assertThrows(IllegalArgumentException.class, () -> wrongType.predict(List.of(0)));
      assertThat(
          dtype.getMessage(),
          equalTo("example 0: input 'ids' is INT64 and takes long[] or int[], got float[]"));
    }
  }

  @Test
  void resultsSurviveTheirCoder() throws Exception {
    PredictionResult<String> r =
        PredictionResult.of(
            "a", java.util.Map.of("score", new float[] {0.25f}), "score", "models/x.onnx");
    PredictionResultCoder<String> coder = PredictionResultCoder.of(StringUtf8Coder.of());
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    coder.encode(r, out);
    assertThat(coder.decode(new java.io.ByteArrayInputStream(out.toByteArray())), equalTo(r));
    KvCoder.of(StringUtf8Coder.of(), coder).verifyDeterministic();
    assertThat(List.of(r), hasSize(1));
  }

  static int rowOf(float[][] rows, float[] row) {
    for (int r = 0; r < rows.length; r++) {
      if (java.util.Arrays.equals(rows[r], row)) {
        return r;
      }
    }
    throw new AssertionError("unknown row");
  }
}
