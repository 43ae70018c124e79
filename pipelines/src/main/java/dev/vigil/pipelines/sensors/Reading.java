package dev.vigil.pipelines.sensors;

import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;

/**
 * One sensor reading in the seed's format, {@code {"sensor_id": "sensor1", "value": 25.5}}, with
 * its time ({@code "timestamp"}, ISO-8601, or the Kafka record's time when absent).
 */
@DefaultCoder(SerializableCoder.class)
public final class Reading implements Serializable, Comparable<Reading> {
  private static final long serialVersionUID = 1L;

  private final String sensorId;
  private final double value;
  private final long timeMillis;

  public Reading(String sensorId, double value, long timeMillis) {
    this.sensorId = sensorId;
    this.value = value;
    this.timeMillis = timeMillis;
  }

  public String sensorId() {
    return sensorId;
  }

  public double value() {
    return value;
  }

  public long timeMillis() {
    return timeMillis;
  }

  /** By time, then value: the order window features read a window's readings in. */
  @Override
  public int compareTo(Reading o) {
    int c = Long.compare(timeMillis, o.timeMillis);
    return c != 0 ? c : Double.compare(value, o.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Reading r
        && r.sensorId.equals(sensorId)
        && r.value == value
        && r.timeMillis == timeMillis;
  }

  @Override
  public int hashCode() {
    return Objects.hash(sensorId, value, timeMillis);
  }

  @Override
  public String toString() {
    return sensorId + "@" + timeMillis + "=" + value;
  }
}
