package dev.vigil.pipelines.sensors;

/**
 * A labelled fault of the generator: {@code kind} (spike, drift, stuck or dropout) on one sensor
 * from {@code startMillis} to {@code endMillis} inclusive (a spike is one reading: start = end).
 */
public record SensorFault(String sensorId, String kind, long startMillis, long endMillis)
    implements java.io.Serializable {
  /** Whether the window {@code [start, end)} overlaps the fault. */
  public boolean overlaps(long windowStart, long windowEnd) {
    return windowStart <= endMillis && startMillis < windowEnd;
  }

  /**
   * Whether the fault can be seen in the window {@code [start, end)}: a dropout only when the
   * window holds readings on both sides of it (otherwise the window looks like the start or the end
   * of a stream), any other kind when they overlap.
   */
  public boolean visibleIn(long windowStart, long windowEnd) {
    return kind.equals("dropout")
        ? windowStart < startMillis && endMillis < windowEnd
        : overlaps(windowStart, windowEnd);
  }
}
