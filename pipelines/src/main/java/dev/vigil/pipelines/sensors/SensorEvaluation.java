package dev.vigil.pipelines.sensors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Precision and recall of flagged windows against the generator's labelled faults. A fault is
 * detected when a flagged window of its sensor overlaps it; a flagged window is a true alarm when
 * it overlaps a fault of its sensor. Per kind: recall of that kind's faults, the share of those
 * detected whose overlapping flagged windows name the right kind, and the precision of the windows
 * flagged as that kind.
 */
public final class SensorEvaluation {
  /** A flagged window as the pipeline wrote it. */
  public record Flagged(String sensorId, long startMillis, long endMillis, String kind) {}

  /** One kind's figures. */
  public record KindResult(
      String kind, int faults, int detected, int kindRight, int flagged, int flaggedTrue) {
    public double recall() {
      return faults == 0 ? Double.NaN : (double) detected / faults;
    }

    public double precision() {
      return flagged == 0 ? Double.NaN : (double) flaggedTrue / flagged;
    }
  }

  private final Map<String, KindResult> byKind;
  private final int flagged;
  private final int flaggedTrue;

  private SensorEvaluation(Map<String, KindResult> byKind, int flagged, int flaggedTrue) {
    this.byKind = byKind;
    this.flagged = flagged;
    this.flaggedTrue = flaggedTrue;
  }

  public static SensorEvaluation of(List<SensorFault> faults, List<Flagged> flaggedWindows) {
    Map<String, List<Flagged>> flaggedBySensor = new LinkedHashMap<>();
    for (Flagged f : flaggedWindows) {
      flaggedBySensor.computeIfAbsent(f.sensorId(), k -> new ArrayList<>()).add(f);
    }
    Map<String, List<SensorFault>> faultsBySensor = new LinkedHashMap<>();
    for (SensorFault f : faults) {
      faultsBySensor.computeIfAbsent(f.sensorId(), k -> new ArrayList<>()).add(f);
    }
    Map<String, KindResult> byKind = new LinkedHashMap<>();
    int allTrue = 0;
    for (String kind : SensorReadingGenerator.KINDS) {
      int n = 0;
      int detected = 0;
      int right = 0;
      for (SensorFault fault : faults) {
        if (!fault.kind().equals(kind)) {
          continue;
        }
        n++;
        boolean hit = false;
        boolean named = false;
        for (Flagged w : flaggedBySensor.getOrDefault(fault.sensorId(), List.of())) {
          if (fault.overlaps(w.startMillis(), w.endMillis())) {
            hit = true;
            named |= w.kind().equals(kind);
          }
        }
        detected += hit ? 1 : 0;
        right += named ? 1 : 0;
      }
      int flaggedAs = 0;
      int flaggedAsTrue = 0;
      for (Flagged w : flaggedWindows) {
        if (!w.kind().equals(kind)) {
          continue;
        }
        flaggedAs++;
        if (overlapsAny(w, faultsBySensor.getOrDefault(w.sensorId(), List.of()))) {
          flaggedAsTrue++;
        }
      }
      allTrue += flaggedAsTrue;
      byKind.put(kind, new KindResult(kind, n, detected, right, flaggedAs, flaggedAsTrue));
    }
    return new SensorEvaluation(byKind, flaggedWindows.size(), allTrue);
  }

  private static boolean overlapsAny(Flagged w, List<SensorFault> faults) {
    for (SensorFault f : faults) {
      if (f.overlaps(w.startMillis(), w.endMillis())) {
        return true;
      }
    }
    return false;
  }

  public KindResult kind(String kind) {
    return byKind.get(kind);
  }

  /** Flagged windows that overlap a fault of their sensor, over all flagged windows. */
  public double precision() {
    return flagged == 0 ? Double.NaN : (double) flaggedTrue / flagged;
  }

  /** Faults detected, over all faults. */
  public double recall() {
    int n = 0;
    int d = 0;
    for (KindResult k : byKind.values()) {
      n += k.faults();
      d += k.detected();
    }
    return n == 0 ? Double.NaN : (double) d / n;
  }

  /** A table for the console. */
  public String render() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%-8s %7s %9s %7s %11s %8s %10s%n",
            "kind",
            "faults",
            "detected",
            "recall",
            "kind named",
            "flagged",
            "precision"));
    for (KindResult k : byKind.values()) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-8s %7d %9d %7.3f %11d %8d %10.3f%n",
              k.kind(),
              k.faults(),
              k.detected(),
              k.recall(),
              k.kindRight(),
              k.flagged(),
              k.precision()));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "%-8s %7s %9s %7.3f %11s %8d %10.3f%n",
            "all",
            "",
            "",
            recall(),
            "",
            flagged,
            precision()));
    return b.toString();
  }
}
