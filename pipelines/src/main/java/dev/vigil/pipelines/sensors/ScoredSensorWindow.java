package dev.vigil.pipelines.sensors;

import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;

/**
 * A sensor window with the model's verdict: the probability of each of {@link #CLASSES}, the
 * anomaly score ({@code 1 - P(normal)}), the most likely fault kind, and the model version.
 */
@DefaultCoder(SerializableCoder.class)
public final class ScoredSensorWindow implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The model's output classes, in output order: normal, then the four fault kinds. */
  public static final List<String> CLASSES =
      List.of("normal", "spike", "drift", "stuck", "dropout");

  private final SensorWindow window;
  private final float[] probabilities;
  private final String modelId;
  private final boolean anomaly;

  public ScoredSensorWindow(
      SensorWindow window, float[] probabilities, String modelId, double threshold) {
    if (probabilities.length != CLASSES.size()) {
      throw new IllegalArgumentException(
          "a sensor model gives "
              + CLASSES.size()
              + " class probabilities, got "
              + probabilities.length);
    }
    this.window = window;
    this.probabilities = probabilities.clone();
    this.modelId = modelId;
    this.anomaly = score() >= threshold;
  }

  public SensorWindow window() {
    return window;
  }

  /** {@code 1 - P(normal)}. */
  public double score() {
    return 1.0 - probabilities[0];
  }

  /** Whether the score reached the threshold. */
  public boolean anomaly() {
    return anomaly;
  }

  /** The most likely fault kind (whatever the score). */
  public String kind() {
    int best = 1;
    for (int i = 2; i < probabilities.length; i++) {
      if (probabilities[i] > probabilities[best]) {
        best = i;
      }
    }
    return CLASSES.get(best);
  }

  public float[] probabilities() {
    return probabilities.clone();
  }

  public String modelId() {
    return modelId;
  }
}
