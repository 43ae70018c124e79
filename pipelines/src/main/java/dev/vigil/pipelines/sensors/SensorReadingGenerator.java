package dev.vigil.pipelines.sensors;

import dev.vigil.model.IsoInstants;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A seeded stream of temperature readings with labelled faults, for the sensor demo, its tests and
 * the model's training data. Each sensor reads every 10 s (±1 s of jitter) around its own baseline
 * (18–30 °C) with a daily cycle (±1.5 °C) and noise (σ 0.2 °C), rounded to 0.01. Faults start at
 * random on about a quarter of sensor-hours, at least 20 minutes apart on one sensor:
 *
 * <ul>
 *   <li>{@code spike}: one reading off by 4–10 °C, either way;
 *   <li>{@code drift}: over 20–40 minutes the sensor drifts by 3–6 °C, either way, and stays there;
 *   <li>{@code stuck}: for 10–25 minutes the sensor repeats its last value;
 *   <li>{@code dropout}: for 3–8 minutes the sensor sends nothing.
 * </ul>
 *
 * <p>A share of lines are malformed (bad JSON, missing or mistyped fields, bad timestamps), for the
 * dead letters; each is malformed from a file and from Kafka alike (no line lacks only its
 * timestamp, which Kafka's record time would supply). Lines come out in time order across sensors.
 */
public final class SensorReadingGenerator {
  public static final long START_MILLIS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  public static final List<String> KINDS = List.of("spike", "drift", "stuck", "dropout");
  private static final long CADENCE = 10_000;
  private static final long MINUTE = 60_000;

  private final long seed;
  private final int sensors;
  private final double hours;
  private final double malformedRate;

  private SensorReadingGenerator(long seed, int sensors, double hours, double malformedRate) {
    if (sensors <= 0 || hours <= 0 || malformedRate < 0 || malformedRate >= 1) {
      throw new IllegalArgumentException(
          "need sensors > 0, hours > 0, 0 <= malformedRate < 1; got "
              + sensors
              + ", "
              + hours
              + ", "
              + malformedRate);
    }
    this.seed = seed;
    this.sensors = sensors;
    this.hours = hours;
    this.malformedRate = malformedRate;
  }

  /** {@code sensors} sensors for {@code hours} hours; 0.5 % malformed lines. */
  public static SensorReadingGenerator of(long seed, int sensors, double hours) {
    return new SensorReadingGenerator(seed, sensors, hours, 0.005);
  }

  public SensorReadingGenerator withMalformedRate(double rate) {
    return new SensorReadingGenerator(seed, sensors, hours, rate);
  }

  /** The generated stream: the input lines, the valid readings in them, and the faults. */
  public record Stream(List<String> lines, List<Reading> readings, List<SensorFault> faults) {
    /** Malformed lines (those that are not a valid reading). */
    public int malformed() {
      return lines.size() - readings.size();
    }
  }

  public Stream generate() {
    List<Reading> readings = new ArrayList<>();
    List<SensorFault> faults = new ArrayList<>();
    long end = START_MILLIS + (long) (hours * 60 * MINUTE);
    for (int s = 0; s < sensors; s++) {
      SplittableRandom r = new SplittableRandom(seed * 1_000_003L + s);
      String id = String.format(Locale.ROOT, "sensor-%03d", s + 1);
      double baseline = 18 + 12 * r.nextDouble();
      double phase = 2 * Math.PI * r.nextDouble();
      double offset = 0;
      // The current fault, if any.
      String kind = null;
      long faultStart = 0;
      long faultEnd = 0;
      double drift = 0;
      double stuckValue = 0;
      long nextFaultEarliest = START_MILLIS + 15 * MINUTE;
      double last = baseline;
      for (long t = START_MILLIS; t < end; t += CADENCE) {
        long at = t + r.nextLong(-1000, 1001);
        if (kind != null && at > faultEnd) {
          if (kind.equals("drift")) {
            offset += drift;
          }
          kind = null;
          nextFaultEarliest = at + 20 * MINUTE;
        }
        // About one fault per four sensor-hours of eligible time: 360 readings an hour.
        if (kind == null && at >= nextFaultEarliest && r.nextDouble() < 0.25 / 360) {
          kind = KINDS.get(r.nextInt(KINDS.size()));
          faultStart = at;
          switch (kind) {
            case "spike" -> faultEnd = at;
            case "drift" -> {
              faultEnd = at + (20 + r.nextInt(21)) * MINUTE;
              drift = (r.nextBoolean() ? 1 : -1) * (3 + 3 * r.nextDouble());
            }
            case "stuck" -> {
              faultEnd = at + (10 + r.nextInt(16)) * MINUTE;
              stuckValue = last;
            }
            default -> faultEnd = at + (3 + r.nextInt(6)) * MINUTE;
          }
          if (faultEnd >= end) {
            kind = null; // a fault the stream would cut short is not started
          } else {
            faults.add(new SensorFault(id, kind, faultStart, faultEnd));
          }
        }
        double cycle =
            1.5 * Math.sin(2 * Math.PI * (at - START_MILLIS) / (24.0 * 60 * MINUTE) + phase);
        double value = baseline + cycle + offset + 0.2 * r.nextGaussian();
        if (kind != null) {
          switch (kind) {
            case "spike" -> value += (r.nextBoolean() ? 1 : -1) * (4 + 6 * r.nextDouble());
            case "drift" -> value += drift * (at - faultStart) / (double) (faultEnd - faultStart);
            case "stuck" -> value = stuckValue;
            default -> {
              continue; // dropout: nothing sent
            }
          }
        }
        value = Math.round(value * 100) / 100.0;
        readings.add(new Reading(id, value, at));
        if (kind == null || !kind.equals("stuck")) {
          last = value;
        }
      }
    }
    readings.sort(Comparator.comparingLong(Reading::timeMillis).thenComparing(Reading::sensorId));
    faults.sort(Comparator.comparingLong(SensorFault::startMillis));
    List<String> lines = new ArrayList<>(readings.size());
    SplittableRandom bad = new SplittableRandom(seed ^ 0x5eed);
    for (Reading reading : readings) {
      if (bad.nextDouble() < malformedRate) {
        lines.add(malformed(reading, bad));
      }
      lines.add(SensorJson.reading(reading));
    }
    return new Stream(lines, readings, faults);
  }

  private static String malformed(Reading r, SplittableRandom bad) {
    String ts = "\"timestamp\":\"" + IsoInstants.format(r.timeMillis()) + "\"";
    return switch (bad.nextInt(5)) {
      case 0 -> "{\"sensor_id\":\"" + r.sensorId() + "\",\"value\":";
      case 1 -> "{\"value\":" + r.value() + "," + ts + "}";
      case 2 -> "{\"sensor_id\":\"" + r.sensorId() + "\",\"value\":\"hot\"," + ts + "}";
      case 3 -> "{\"sensor_id\":42,\"value\":" + r.value() + "," + ts + "}";
      default ->
          "{\"sensor_id\":\""
              + r.sensorId()
              + "\",\"value\":"
              + r.value()
              + ",\"timestamp\":\"yesterday\"}";
    };
  }
}
