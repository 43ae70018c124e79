package dev.vigil.benchmarks.streaming;

import java.io.IOException;
import java.nio.file.Files;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's tables as Markdown, headed by the machine, the command and the date. */
final class Results {
  private final BenchSettings s;
  private final String command;
  private final List<String> setup = new ArrayList<>();
  private double ceiling = Double.NaN;
  private final List<String> throughput = new ArrayList<>();
  private final Map<String, Double> steady = new LinkedHashMap<>();
  private final Map<String, Double> cpuPerEvent = new LinkedHashMap<>();
  private final List<String> latency = new ArrayList<>();
  private final Map<String, Double> p99 = new LinkedHashMap<>();
  private final List<String> soak = new ArrayList<>();
  private double bytesPerCard = Double.NaN;
  private boolean heapFlat;
  private final List<String> inference = new ArrayList<>();

  Results(BenchSettings s, String args) {
    this.s = s;
    this.command = ("./vigil bench streaming " + args).trim();
  }

  void row(String section, String what, String value) {
    setup.add("- " + what + ": " + value);
  }

  void ceiling(double recordsPerSecond) {
    ceiling = recordsPerSecond;
  }

  void throughput(
      String job,
      long done,
      long duplicates,
      long expected,
      boolean complete,
      double steadyRate,
      double endToEnd,
      double cpuSeconds) {
    steady.put(job, steadyRate);
    cpuPerEvent.put(job, cpuSeconds * 1e6 / Math.max(1, done));
    int cores = Runtime.getRuntime().availableProcessors();
    throughput.add(
        String.format(
            Locale.ROOT,
            "| %s | %,d%s | %,d | %s | %s | %.2f | %s | %.0f |",
            job,
            done,
            complete ? "" : " of " + String.format("%,d", expected) + " (stalled)",
            duplicates,
            rate(steadyRate),
            rate(steadyRate / cores),
            steadyRate / ceiling,
            rate(endToEnd),
            cpuSeconds * 1e6 / Math.max(1, done)));
  }

  void latency(String job, int rate, double[] m) {
    if (m == null) {
      latency.add(
          String.format(Locale.ROOT, "| %s | %,d | did not warm up | | | | | |", job, rate));
      return;
    }
    p99.put(job + "@" + rate, m[2]);
    latency.add(
        String.format(
            Locale.ROOT,
            "| %s | %,d | %,.0f | %.0f | %.0f | %.0f | %.0f | %,.0f |",
            job,
            rate,
            m[0],
            m[1],
            m[2],
            m[3],
            m[4],
            m[5]));
  }

  void soak(
      long events,
      int days,
      int cards,
      int activeCards,
      long stateBytes,
      List<long[]> heap,
      long scored) {
    bytesPerCard = stateBytes < 0 ? Double.NaN : (double) stateBytes / activeCards;
    StringBuilder h = new StringBuilder();
    // The baseline is the second sample: the first is taken while the earlier sections' jobs
    // are still being collected, so it is left out of the comparison on both sides.
    int base = Math.min(1, heap.size() - 1);
    long first = heap.get(base)[1];
    long max = 0;
    for (int i = 0; i < heap.size(); i++) {
      long[] sample = heap.get(i);
      h.append(String.format(Locale.ROOT, "%,dk: %d MB; ", sample[0] / 1000, sample[1] >> 20));
      if (i >= base) {
        max = Math.max(max, sample[1]);
      }
    }
    heapFlat = max <= first * 1.5 + (64L << 20);
    soak.add(
        String.format(
            Locale.ROOT,
            "| %,d (%,d scored) | %d | %,d | %,d | %,d | %s |",
            events,
            scored,
            days,
            cards,
            activeCards,
            stateBytes,
            Double.isNaN(bytesPerCard) ? "n/a" : String.format("%,.0f", bytesPerCard)));
    soak.add("");
    soak.add("Heap used after a full GC, by events scored: " + h.toString().trim());
  }

  void inferenceShare(double scoringMicrosPerEvent) {
    Double pipeline = cpuPerEvent.get(vigilFlinkName(true));
    inference.add(
        String.format(
            Locale.ROOT,
            "| %.2f | %s | %s |",
            scoringMicrosPerEvent,
            pipeline == null ? "n/a" : String.format(Locale.ROOT, "%.1f", pipeline),
            pipeline == null
                ? "n/a"
                : String.format(Locale.ROOT, "%.1f %%", 100 * scoringMicrosPerEvent / pipeline)));
  }

  /** The whole pipeline with the v1 model: the cost of the shipped model's feature set. */
  static final String WHOLE_V1 =
      "Vigil on the FlinkRunner (whole pipeline, defaults, Kafka outputs only, v1 model)";

  /** The score-and-decide job batching per bundle ({@code --scoreBatching=PER_BUNDLE}). */
  static final String PER_BUNDLE_SCORE =
      "Vigil on the FlinkRunner (score and decide, per-bundle batching)";

  static final String PER_BUNDLE_LATENCY = "Vigil on the FlinkRunner (per-bundle batching)";

  /** The latency job batching with {@code GroupIntoBatches}. */
  static final String GIB_LATENCY = "Vigil on the FlinkRunner (GroupIntoBatches)";

  static String vigilFlinkName(boolean whole) {
    return "Vigil on the FlinkRunner"
        + (whole
            ? " (whole pipeline, defaults, Kafka outputs only)"
            : " (score and decide, GroupIntoBatches)");
  }

  static String rate(double perSecond) {
    return Double.isNaN(perSecond) ? "n/a" : String.format(Locale.ROOT, "%,.0f", perSecond);
  }

  String render() {
    int cores = Runtime.getRuntime().availableProcessors();
    List<String> out = new ArrayList<>();
    out.add("# Vigil benchmark results");
    out.add("");
    out.add(
        "Written by `./vigil bench streaming` (benchmarks/src/main/java/dev/vigil/benchmarks/streaming); "
            + "every number below comes from the run this header describes.");
    out.add("");
    out.add("| machine | command | date |");
    out.add("|---|---|---|");
    out.add(
        "| "
            + Machine.describe()
            + " | `"
            + command
            + "` | "
            + ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                .substring(0, 19)
            + " UTC |");
    out.add("");
    out.add(
        "The jobs run in the benchmark's JVM (embedded Flink, parallelism "
            + s.parallelism()
            + ", checkpoints every "
            + s.checkpointMillis() / 1000
            + " s, object reuse "
            + (s.fasterCopy() ? "on: `--fasterCopy=true`" : "off")
            + " for Vigil, always on in the native job; `--merchantWindowLayout="
            + s.merchantWindowLayout()
            + " --cardSessionLayout="
            + s.cardSessionLayout()
            + "`); the single-node Kafka broker is another JVM on the same "
            + cores
            + " cores, so every figure includes the broker's share of the machine. Every Vigil job"
            + " writes its outputs to Kafka only (no Cassandra, no files): a lighter setup than the"
            + " shipped `runner-configs/flink-local-kafka.args`, which also writes Cassandra and"
            + " files.");
    out.addAll(setup);
    out.add("");
    out.add("## Throughput");
    out.add("");
    out.add(
        "Ingestion ceiling (one plain `KafkaConsumer` reading the same topic as strings): **"
            + rate(ceiling)
            + " records/s**.");
    out.add("");
    out.add(
        "| job | events scored | duplicates | events/s (first to last decision) | per core | ÷ ceiling | events/s incl. start-up | CPU µs/event |");
    out.add("|---|---|---|---|---|---|---|---|");
    out.addAll(throughput);
    Double beam = steady.get(vigilFlinkName(false));
    Double nat = steady.get("Native Flink 1.19 DataStream");
    if (beam != null && nat != null) {
      out.add("");
      out.add(
          String.format(
              Locale.ROOT,
              "Beam (`GroupIntoBatches`) ÷ native throughput, same work, same run: **%.2f×**.",
              beam / nat));
    }
    Double wholeShipped = steady.get(vigilFlinkName(true));
    Double wholeV1 = steady.get(WHOLE_V1);
    if (wholeShipped != null && wholeV1 != null) {
      out.add("");
      out.add(
          String.format(
              Locale.ROOT,
              "Whole pipeline with the shipped model (feature set v2: 30-day card and merchant"
                  + " state, labels topic) ÷ the same with the v1 model, same run: **%.2f×**.",
              wholeShipped / wholeV1));
    }
    Double perBundle = steady.get(PER_BUNDLE_SCORE);
    if (perBundle != null && nat != null) {
      out.add("");
      out.add(
          String.format(
              Locale.ROOT,
              "Beam with per-bundle batching (`--scoreBatching=PER_BUNDLE`, the default on Flink streaming) ÷ native throughput: **%.2f×**.",
              perBundle / nat));
    }
    if (!latency.isEmpty()) {
      out.add("");
      out.add("## Latency, produce to decision");
      out.add("");
      out.add(
          "From the producer's send to the decision's record on the scored topic (its create time), one clock. "
              + "Vigil runs with `--summaries=false`, the same work as the native job, batching for the model with "
              + "`GroupIntoBatches` or within each bundle (`--scoreBatching=PER_BUNDLE`, the default on Flink streaming). "
              + "Settings: Flink bundles of at most "
              + s.latencyBundleSize()
              + " elements or "
              + s.latencyBundleMillis()
              + " ms, network buffer timeout "
              + s.latencyBufferMillis()
              + " ms, scoring batches wait at most "
              + s.latencyBatchWaitMillis()
              + " ms, checkpoints every "
              + s.latencyCheckpointMillis() / 1000
              + " s; "
              + s.latencySeconds()
              + " s measured per rate after "
              + s.latencyWarmupSeconds()
              + " s of warm-up at the same rate.");
      out.add("");
      out.add(
          "| job | offered events/s | achieved | p50 ms | p99 ms | p99.9 ms | max ms | measured |");
      out.add("|---|---|---|---|---|---|---|---|");
      out.addAll(latency);
      for (int rate : s.rates()) {
        Double b = p99.get(GIB_LATENCY + "@" + rate);
        Double pb = p99.get(PER_BUNDLE_LATENCY + "@" + rate);
        Double n = p99.get("Native Flink 1.19 DataStream@" + rate);
        if (b != null && n != null && n > 0) {
          out.add("");
          out.add(
              String.format(
                  Locale.ROOT,
                  "p99 Beam ÷ native at %,d events/s: **%.2f×**%s.",
                  rate,
                  b / n,
                  pb == null
                      ? ""
                      : String.format(Locale.ROOT, " (per-bundle batching: **%.2f×**)", pb / n)));
        }
      }
    }
    if (!soak.isEmpty()) {
      out.add("");
      out.add("## State and memory (soak)");
      out.add("");
      out.add(
          "Checkpointed state (Flink's heap state backend, `--stateBackend=filesystem`) after the last event, divided by the cards active in the last simulated day.");
      out.add("");
      out.add(
          "| events | simulated days | cards | active cards | checkpoint bytes | bytes per active card |");
      out.add("|---|---|---|---|---|---|");
      out.addAll(soak);
    }
    if (!inference.isEmpty()) {
      out.add("");
      out.add("## Inference share");
      out.add("");
      out.add(
          "| scoring CPU µs/event (batches of the pipeline's size) | whole pipeline CPU µs/event (Flink run above) | share |");
      out.add("|---|---|---|");
      out.addAll(inference);
    }
    out.add("");
    out.add("## Targets");
    out.add("");
    out.add("| target | measured | met |");
    out.add("|---|---|---|");
    if (wholeShipped != null && wholeV1 != null) {
      out.add(
          target(
              "feature set v2 costs ≤ 30 % of the whole pipeline's throughput (v2 ÷ v1 ≥ 0.70)",
              String.format(Locale.ROOT, "%.2f×", wholeShipped / wholeV1),
              wholeShipped / wholeV1 >= 0.70));
    }
    Double whole = steady.get(vigilFlinkName(true));
    if (whole != null) {
      out.add(
          target(
              "≥ 50,000 events/s per core on the FlinkRunner (whole pipeline)",
              rate(whole / cores),
              whole / cores >= 50_000));
    }
    Double p5k = p99.get(GIB_LATENCY + "@5000");
    if (p5k != null) {
      out.add(
          target(
              "p99 < 50 ms at 5,000 events/s, GroupIntoBatches",
              String.format(Locale.ROOT, "%.0f ms", p5k),
              p5k < 50));
    }
    Double p5kBundle = p99.get(PER_BUNDLE_LATENCY + "@5000");
    if (p5kBundle != null) {
      out.add(
          target(
              "p99 < 50 ms at 5,000 events/s, per-bundle batching",
              String.format(Locale.ROOT, "%.0f ms", p5kBundle),
              p5kBundle < 50));
    }
    if (!Double.isNaN(bytesPerCard)) {
      out.add(
          target(
              "state < 4 KB per active card, flat heap",
              String.format(
                  Locale.ROOT, "%,.0f B; heap %s", bytesPerCard, heapFlat ? "flat" : "grew"),
              bytesPerCard < 4096 && heapFlat));
    }
    if (beam != null && nat != null) {
      out.add(
          target(
              "Beam ≥ 0.5× native throughput, GroupIntoBatches",
              String.format(Locale.ROOT, "%.2f×", beam / nat),
              beam / nat >= 0.5));
    }
    if (perBundle != null && nat != null) {
      out.add(
          target(
              "Beam ≥ 0.5× native throughput, per-bundle batching",
              String.format(Locale.ROOT, "%.2f×", perBundle / nat),
              perBundle / nat >= 0.5));
    }
    out.add("");
    return String.join("\n", out);
  }

  private static String target(String what, String measured, boolean met) {
    return "| " + what + " | " + measured + " | " + (met ? "yes" : "**no**") + " |";
  }

  void write() throws IOException {
    Files.createDirectories(s.resultsFile().getParent());
    // Keep the sections other benchmarks own (./vigil bench inference's handler rows).
    Files.writeString(
        s.resultsFile(), dev.vigil.benchmarks.ResultsSection.carryOver(s.resultsFile(), render()));
  }
}
