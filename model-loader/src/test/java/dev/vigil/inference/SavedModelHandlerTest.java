package dev.vigil.inference;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.modelloader.LinearTestModels;
import dev.vigil.modelloader.ModelEvent;
import dev.vigil.modelloader.ModelValidationException;
import dev.vigil.testing.TestPipelineExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * RunInference with TensorFlow SavedModels: one of several inputs (one int64) and several outputs
 * made with TF Java's API and no Vigil manifest; versioned base directories with hot reload and
 * refusal; Vigil's manifest used, where present, to feed a model its features in its own order.
 */
@ExtendWith(TestPipelineExtension.class)
class SavedModelHandlerTest {
  static final long[][] IDS = {{0, 1}, {2, 9}, {5, 5}, {7, 3}};
  static final float[][] X = {{1, 2, 3}, {-1, 0.5f, 0}, {0.25f, 0.25f, 0.25f}, {3, -2, 1}};

  @Test
  void feedsSeveralInputsAndReturnsEveryOutput(TestPipeline p, @TempDir Path dir) throws Exception {
    String model = MultiIoSavedModels.export(dir.resolve("model"), 7).toString();
    PCollection<PredictionResult<Integer>> scored =
        p.apply(Create.of(0, 1, 2, 3))
            .apply(
                RunInference.of(
                    SavedModelHandler.of(model)
                        .withInputs((Integer r) -> Map.of("ids", IDS[r], "x", X[r]))
                        .withOutput("y")));
    PAssert.that(scored)
        .satisfies(
            results -> {
              int n = 0;
              for (PredictionResult<Integer> r : results) {
                int i = r.example();
                assertThat(
                    (double) r.inference()[0],
                    closeTo(MultiIoSavedModels.expected(7, IDS[i], X[i]), 1e-5));
                float[] doubled = r.inferences().get("doubled");
                for (int c = 0; c < 3; c++) {
                  assertThat((double) doubled[c], closeTo(2 * X[i][c], 1e-6));
                }
                assertThat(r.modelId(), equalTo(model));
                n++;
              }
              assertThat(n, equalTo(4));
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void refusesAnUnknownOutputAndAModelThatIsNotThere(@TempDir Path dir) throws Exception {
    Path model = MultiIoSavedModels.export(dir.resolve("model"), 7);
    ModelValidationException e =
        assertThrows(
            ModelValidationException.class,
            () -> SavedModelHandler.of(model.toString()).withOutput("score").open());
    assertThat(e.getMessage(), containsString("has no output 'score'"));
    assertThat(e.getMessage(), containsString("doubled float32[-1, 3]"));
    ModelValidationException empty =
        assertThrows(
            ModelValidationException.class,
            () -> SavedModelHandler.of(dir.resolve("model/variables").toString()).open());
    assertThat(empty.getMessage(), containsString("no valid model version"));
  }

  /**
   * A versioned base directory: the newest version serves; a new good version is served on the next
   * check; a broken one is refused and the serving one stays.
   */
  @Test
  void reloadsNewVersionsAndRefusesBrokenOnes(@TempDir Path base) throws Exception {
    MultiIoSavedModels.export(base.resolve("1"), 1);
    TensorModelHandler<Integer> handler =
        SavedModelHandler.of(base.toString())
            .withInputs((Integer r) -> Map.of("ids", IDS[r], "x", X[r]))
            .withOutput("y")
            .withPollInterval(Duration.millis(-1));
    try (Predictor<Integer> predictor = handler.open()) {
      assertThat(predictor.servingVersion(), equalTo(1L));
      MultiIoSavedModels.export(base.resolve("2"), 2);
      PredictionResult<Integer> r = predictor.predict(List.of(1)).get(0);
      assertThat(predictor.servingVersion(), equalTo(1L)); // negative poll interval: never reloads
      assertThat(
          (double) r.inference()[0], closeTo(MultiIoSavedModels.expected(1, IDS[1], X[1]), 1e-5));
    }
    // Poll interval zero: the next batch looks for a new version first.
    try (Predictor<Integer> predictor = handler.withPollInterval(Duration.ZERO).open()) {
      assertThat(predictor.servingVersion(), equalTo(2L));
      assertThat(predictor.drainEvents().get(0).kind(), equalTo(ModelEvent.Kind.LOADED));
      // Version 3 has one input only: it lacks 'y'; refused, version 2 keeps serving.
      LinearTestModels.export(base, 3, List.of("a", "b", "c"), new float[] {1, 2, 3}, 0f);
      PredictionResult<Integer> r = predictor.predict(List.of(3)).get(0);
      List<ModelEvent> events = predictor.drainEvents();
      assertThat(events.get(events.size() - 1).kind(), equalTo(ModelEvent.Kind.REFUSED));
      assertThat(events.get(events.size() - 1).message(), containsString("has no output 'y'"));
      assertThat(r.modelId(), equalTo(base.resolve("2").toString()));
      assertThat(
          (double) r.inference()[0], closeTo(MultiIoSavedModels.expected(2, IDS[3], X[3]), 1e-5));
    }
  }

  /**
   * With feature names, a version carrying Vigil's manifest gets the features it names in its own
   * order; a version needing a feature that is not given is refused, naming it.
   */
  @Test
  void usesVigilsManifestToOrderFeaturesWherePresent(@TempDir Path base) throws Exception {
    // The model reads [c, a] of the preprocessed [a, b, c].
    LinearTestModels.export(base.resolve("m"), 1, List.of("c", "a"), new float[] {0.5f, -1f}, 0.1f);
    try (Predictor<float[]> predictor =
        SavedModelHandler.of(base.resolve("m").toString())
            .withFeatureNames(List.of("a", "b", "c"))
            .open()) {
      float[] abc = {2f, 100f, 4f};
      float got = predictor.predict(List.of(abc)).get(0).inference()[0];
      float want = LinearTestModels.expected(new float[] {4f, 2f}, new float[] {0.5f, -1f}, 0.1f);
      assertThat((double) got, closeTo(want, 1e-6));
    }
    ModelValidationException missing =
        assertThrows(
            ModelValidationException.class,
            () ->
                SavedModelHandler.of(base.resolve("m").toString())
                    .withFeatureNames(List.of("a", "b"))
                    .open());
    assertThat(missing.getMessage(), containsString("[c]"));
  }
}
