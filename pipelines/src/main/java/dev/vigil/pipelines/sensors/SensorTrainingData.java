package dev.vigil.pipelines.sensors;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the sensor model's training data: generated readings (a seed the demo and tests do not
 * use), their reference windows ({@link ReferenceSensorWindows}) and each window's class, as CSV
 * with a header of {@link SensorFeatures#NAMES} then {@code label} (the index in {@link
 * ScoredSensorWindow#CLASSES}). {@code testdata/inference/sensors/train_model.py} trains on it.
 *
 * <p>Usage: {@code SensorTrainingData <out.csv> [seed] [sensors] [hours]}
 */
public final class SensorTrainingData {
  private SensorTrainingData() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 1001;
    int sensors = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    double hours = args.length > 3 ? Double.parseDouble(args[3]) : 24;
    SensorReadingGenerator.Stream stream =
        SensorReadingGenerator.of(seed, sensors, hours).generate();
    Map<String, List<SensorFault>> faults = new LinkedHashMap<>();
    for (SensorFault f : stream.faults()) {
      faults.computeIfAbsent(f.sensorId(), k -> new ArrayList<>()).add(f);
    }
    List<SensorWindow> windows =
        ReferenceSensorWindows.of(stream.readings(), 10 * 60_000L, 60_000L);
    try (BufferedWriter w = Files.newBufferedWriter(out)) {
      w.write(String.join(",", SensorFeatures.NAMES) + ",label\n");
      for (SensorWindow window : windows) {
        StringBuilder line = new StringBuilder();
        for (double f : window.features()) {
          line.append(f).append(',');
        }
        String label =
            ReferenceSensorWindows.label(window, faults.getOrDefault(window.sensorId(), List.of()));
        line.append(ScoredSensorWindow.CLASSES.indexOf(label)).append('\n');
        w.write(line.toString());
      }
    }
    System.out.printf(
        "wrote %d windows (%d sensors, %.0f h, seed %d, %d faults) to %s%n",
        windows.size(), sensors, hours, seed, stream.faults().size(), out);
  }
}
