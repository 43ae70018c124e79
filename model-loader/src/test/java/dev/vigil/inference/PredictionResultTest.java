package dev.vigil.inference;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.sameInstance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.junit.jupiter.api.Test;

/** A result that views its row of a batch's outputs behaves as one that owns its rows. */
class PredictionResultTest {
  static final String[] NAMES = {"score", "embedding"};

  @Test
  void aBatchRowViewEqualsTheOwnedRowAndHandsOutCopies() throws Exception {
    // Two examples; "score" has 1 value per example, "embedding" 3.
    float[][] batch = {{0.1f, 0.9f}, {1, 2, 3, 4, 5, 6}};
    int[] widths = {1, 3};
    PredictionResult<String> view =
        PredictionResult.ofBatchRow("b", NAMES, batch, widths, 1, 0, "models/1");
    PredictionResult<String> owned =
        PredictionResult.owning("b", NAMES, new float[][] {{0.9f}, {4, 5, 6}}, 0, "models/1");
    assertThat(view, equalTo(owned));
    assertThat(view.hashCode(), equalTo(owned.hashCode()));
    assertThat(view.toString(), equalTo(owned.toString()));
    assertThat(view.inference(), equalTo(new float[] {0.9f}));
    assertThat(view.inference("embedding"), equalTo(new float[] {4, 5, 6}));
    assertThat(view.inferences().get("embedding"), equalTo(owned.inferences().get("embedding")));
    float[] first = view.inference();
    first[0] = 42;
    assertThat(view.inference()[0], equalTo(0.9f)); // a copy: the batch's arrays stay as they are
    assertThat(view.inference(), not(sameInstance(view.inference())));
    PredictionResult<String> example0 =
        PredictionResult.ofBatchRow("a", NAMES, batch, widths, 0, 0, "models/1");
    assertThat(example0.inference("embedding"), equalTo(new float[] {1, 2, 3}));
  }

  @Test
  void aBatchRowViewSurvivesTheCoderAsItsOwnRows() throws Exception {
    float[][] batch = {{0.1f, 0.9f}, {1, 2, 3, 4, 5, 6}};
    PredictionResult<String> view =
        PredictionResult.ofBatchRow("a", NAMES, batch, new int[] {1, 3}, 0, 1, "models/1");
    PredictionResultCoder<String> coder = PredictionResultCoder.of(StringUtf8Coder.of());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    coder.encode(view, out);
    PredictionResult<String> decoded = coder.decode(new ByteArrayInputStream(out.toByteArray()));
    assertThat(decoded, equalTo(view));
    assertThat(decoded.mainOutput(), equalTo("embedding"));
    assertThat(decoded.inference(), equalTo(new float[] {1, 2, 3}));
  }
}
