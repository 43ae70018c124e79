package dev.vigil.benchmarks.faults;

import dev.vigil.benchmarks.Args;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The fault harness's settings, {@code --name=value}; {@code --smoke} makes every size small and
 * injects only {@link #SMOKE_FAULTS} (a quick check that the harness works, written to {@code
 * benchmarks/target/SMOKE-FAULTS.md}).
 *
 * @param events transactions per run (unique, over 2 partitions)
 * @param cards cards they are spread over
 * @param rate transactions per second sent
 * @param repeats runs of each fault
 * @param only fault ids to run (all when empty)
 * @param stallSeconds how long a run may go without a new scored transaction before it is ended
 * @param results the Markdown file written
 */
record FaultSettings(
    int events,
    int cards,
    int rate,
    int repeats,
    List<String> only,
    int stallSeconds,
    Path results,
    boolean smoke) {

  /** The faults a smoke run injects unless {@code --only} names others. */
  static final List<String> SMOKE_FAULTS = List.of("control", "tm-kill", "poison");

  static FaultSettings parse(String[] argv) {
    Map<String, String> a =
        Args.parseWithSmoke(argv, "./vigil bench faults: arguments are --smoke or --name=value");
    boolean smoke = a.remove(Args.SMOKE) != null;
    FaultSettings s =
        new FaultSettings(
            number(a, "events", smoke ? 6_000 : 20_000),
            number(a, "cards", smoke ? 1_000 : 5_000),
            number(a, "rate", smoke ? 120 : 250),
            number(a, "repeats", smoke ? 1 : 3),
            a.containsKey("only")
                ? Arrays.asList(a.remove("only").split(","))
                : smoke ? SMOKE_FAULTS : List.of(),
            number(a, "stallSeconds", 120),
            Path.of(
                a.getOrDefault(
                    "results",
                    smoke ? "benchmarks/target/SMOKE-FAULTS.md" : "benchmarks/FAULTS.md")),
            smoke);
    a.remove("results");
    if (!a.isEmpty()) {
      throw new IllegalArgumentException(
          "./vigil bench faults: unknown settings "
              + a.keySet()
              + " (known: events, cards, rate, repeats, only, stallSeconds, results)");
    }
    return s;
  }

  private static int number(Map<String, String> a, String name, int fallback) {
    String v = a.remove(name);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "./vigil bench faults: --" + name + " must be a positive whole number, got " + v);
    }
  }

  boolean runs(String faultId) {
    return only.isEmpty() || only.contains(faultId);
  }
}
