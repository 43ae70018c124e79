package dev.vigil.pipelines.sensors;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;

/**
 * One sensor's features over one sliding window {@code [start, end)}; a window may be emitted
 * again, accumulating, when late readings arrive ({@code paneTiming} {@code LATE}); the last pane
 * is complete.
 */
@DefaultCoder(SerializableCoder.class)
public final class SensorWindow implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String sensorId;
  private final long startMillis;
  private final long endMillis;
  private final double[] features;
  private final String paneTiming;

  public SensorWindow(
      String sensorId, long startMillis, long endMillis, double[] features, String paneTiming) {
    this.sensorId = sensorId;
    this.startMillis = startMillis;
    this.endMillis = endMillis;
    this.features = features.clone();
    this.paneTiming = paneTiming;
  }

  public String sensorId() {
    return sensorId;
  }

  public long startMillis() {
    return startMillis;
  }

  public long endMillis() {
    return endMillis;
  }

  /** The {@link SensorFeatures#NAMES} values, in that order. */
  public double[] features() {
    return features.clone();
  }

  /** The features as the model takes them (float32). */
  public float[] modelInput() {
    float[] f = new float[features.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) features[i];
    }
    return f;
  }

  /** Readings in the window (the {@code count} feature). */
  public long readingCount() {
    return (long) features[0];
  }

  /** {@code EARLY}, {@code ON_TIME} or {@code LATE}. */
  public String paneTiming() {
    return paneTiming;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SensorWindow w
        && w.sensorId.equals(sensorId)
        && w.startMillis == startMillis
        && w.endMillis == endMillis
        && Arrays.equals(w.features, features)
        && w.paneTiming.equals(paneTiming);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sensorId, startMillis, endMillis, Arrays.hashCode(features), paneTiming);
  }

  @Override
  public String toString() {
    return sensorId + "[" + startMillis + "," + endMillis + ")" + Arrays.toString(features);
  }
}
