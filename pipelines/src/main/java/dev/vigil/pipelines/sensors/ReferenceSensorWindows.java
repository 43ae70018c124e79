package dev.vigil.pipelines.sensors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sliding windows of a finished stream computed without a pipeline: the windows Beam's {@code
 * SlidingWindows.of(size).every(every)} assigns (starts at multiples of {@code every} since the
 * epoch), each with the {@link SensorFeatures} of its readings. The model's training data and the
 * tests' expected features come from here.
 */
public final class ReferenceSensorWindows {
  private ReferenceSensorWindows() {}

  /** Every window with readings, ordered by sensor and start. */
  public static List<SensorWindow> of(List<Reading> readings, long sizeMillis, long everyMillis) {
    Map<String, Map<Long, List<Reading>>> bySensor = new TreeMap<>();
    for (Reading r : readings) {
      long t = r.timeMillis();
      long lastStart = t - Math.floorMod(t, everyMillis);
      for (long start = lastStart; start > t - sizeMillis; start -= everyMillis) {
        bySensor
            .computeIfAbsent(r.sensorId(), k -> new TreeMap<>())
            .computeIfAbsent(start, k -> new ArrayList<>())
            .add(r);
      }
    }
    List<SensorWindow> out = new ArrayList<>();
    bySensor.forEach(
        (sensor, windows) ->
            windows.forEach(
                (start, members) -> {
                  Collections.sort(members);
                  out.add(
                      new SensorWindow(
                          sensor,
                          start,
                          start + sizeMillis,
                          SensorFeatures.compute(members),
                          "ON_TIME"));
                }));
    return out;
  }

  /**
   * The class a window is labelled with for training: the first fault visible in it ({@link
   * SensorFault#visibleIn}), else {@code normal}.
   */
  public static String label(SensorWindow w, List<SensorFault> faultsOfSensor) {
    for (SensorFault f : faultsOfSensor) {
      if (f.visibleIn(w.startMillis(), w.endMillis())) {
        return f.kind();
      }
    }
    return "normal";
  }
}
