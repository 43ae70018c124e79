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
  private final List<String> shippedReplay = new ArrayList<>();
  private final Map<String, Double> shippedSteady = new LinkedHashMap<>();
  private final List<String> shippedLive = new ArrayList<>();
  private final Map<Integer, Double> shippedP99 = new LinkedHashMap<>();
  private int shippedSustained = -1;
  private int shippedFailedAt = -1;
  private boolean shippedRowsExact = true;

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
            "| %s | %s | %,d | %s | %s | %.2f | %s | %.0f |",
            job,
            scoredCell(done, complete, expected),
            duplicates,
            rate(steadyRate),
            rate(steadyRate / cores),
            steadyRate / ceiling,
            rate(endToEnd),
            cpuSeconds * 1e6 / Math.max(1, done)));
  }

  private static String scoredCell(long done, boolean complete, long expected) {
    return String.format(Locale.ROOT, "%,d", done)
        + (complete ? "" : String.format(Locale.ROOT, " of %,d (stalled)", expected));
  }

  /** The shipped production config's name in the tables, with any experiment's options. */
  static String shippedName(BenchSettings s) {
    return "Vigil, shipped `"
        + s.shippedConfig().getFileName()
        + "`"
        + (s.shippedArgs().isEmpty() ? "" : " with `" + String.join(" ", s.shippedArgs()) + "`")
        + " (Kafka, Cassandra and files out)";
  }

  /** A replay row of the shipped section; {@code cassandraRows} is null for Kafka-only jobs. */
  void shippedReplay(
      String job,
      long done,
      long duplicates,
      long expected,
      boolean complete,
      double steadyRate,
      double endToEnd,
      String cpuByProcess,
      TableWatchers.CassandraCheck cassandraRows) {
    shippedSteady.put(job, steadyRate);
    if (cassandraRows != null) {
      shippedRowsExact &= cassandraRows.exact();
    }
    shippedReplay.add(
        String.format(
            Locale.ROOT,
            "| %s | %s | %,d | %s | %s | %s | %s |",
            job,
            scoredCell(done, complete, expected),
            duplicates,
            rate(steadyRate),
            rate(endToEnd),
            cpuByProcess,
            cassandraRows == null ? "(no Cassandra)" : cassandraRows.report()));
  }

  /**
   * A live row of the shipped section: latency percentiles ({@link OutputWatcher}'s order) over the
   * measured sends, and over their first and last 10 s.
   */
  void shippedLive(
      int rate,
      double offered,
      long[] all,
      long[] head,
      long[] tail,
      long scored,
      long expected,
      boolean sustained,
      TableWatchers.CassandraCheck cassandraRows) {
    if (sustained) {
      shippedSustained = Math.max(shippedSustained, rate);
    } else if (shippedFailedAt < 0) {
      shippedFailedAt = rate;
    }
    if (cassandraRows != null) {
      shippedRowsExact &= cassandraRows.exact();
    }
    if (all == null) {
      shippedLive.add(
          String.format(Locale.ROOT, "| %,d | did not start within 180 s | | | | | | | |", rate));
      return;
    }
    boolean drained = scored >= expected;
    if (drained) {
      shippedP99.put(rate, (double) all[1]);
    }
    shippedLive.add(
        String.format(
            Locale.ROOT,
            "| %,d | %,.0f | %s | %s | %s | %,d → %,d | %s | %s | %s |",
            rate,
            offered,
            drained ? String.valueOf(all[0]) : "n/a",
            drained ? String.valueOf(all[1]) : "n/a",
            drained ? String.valueOf(all[2]) : "n/a",
            head[0],
            tail[0],
            drained
                ? "all " + String.format("%,d", expected)
                : String.format(
                    "%,d of %,d (%,d behind %d s after the last send)",
                    scored, expected, expected - scored, ShippedConfigRuns.DRAIN.toSeconds()),
            sustained ? "yes" : "**no**",
            cassandraRows == null ? "not counted (not drained)" : cassandraRows.report()));
  }

  /** A rate above one that was not sustained: not run. */
  void shippedLiveSkipped(int rate, int failedAt) {
    shippedLive.add(
        String.format(
            Locale.ROOT,
            "| %,d | not run: %,d events/s was not sustained | | | | | | | |",
            rate,
            failedAt));
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
            + " outside the section on the shipped production config writes its outputs to Kafka"
            + " only (no Cassandra, no files): a lighter setup than the shipped"
            + " `runner-configs/flink-local-kafka.args`, which also writes Cassandra and files and"
            + " is measured as shipped in its own section.");
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
    Double shippedRate = shippedSteady.get(shippedName(s));
    Double kafkaOnlyRate = shippedSteady.get(vigilFlinkName(true));
    if (!shippedReplay.isEmpty() || !shippedLive.isEmpty()) {
      out.add("");
      out.add("## The shipped production config");
      out.add("");
      out.add(
          "`"
              + s.shippedConfig().getFileName()
              + "` as shipped (Kafka in; Kafka, Cassandra and files out, checkpoints, the bundled"
              + " model), only pointed at the benchmark's Kafka, its own Cassandra (another JVM"
              + " on the same cores, port 29042) and a keyspace per run. Cassandra rows are counted"
              + " page by page after each run and compared with the distinct keys its topics"
              + " carried (transaction ids, alert ids, merchant and window start, card and session"
              + " start).");
      out.add("");
      out.add(
          "Replay: a backlog of "
              + String.format(Locale.ROOT, "%,d", s.shippedEvents())
              + " transactions over "
              + s.partitions()
              + " partitions, drained by the Kafka-only whole pipeline (as in the throughput"
              + " table) and by the shipped config. CPU per event: each process's user and system"
              + " time from the job's first decision to its last, over the transactions scored in"
              + " between (the job's is the benchmark's JVM, which runs it).");
      out.add("");
      out.add(
          "| job | events scored | duplicates | events/s (first to last decision) | events/s incl. start-up | CPU µs/event: job / Cassandra / broker | Cassandra rows (table = topic keys) |");
      out.add("|---|---|---|---|---|---|---|");
      out.addAll(shippedReplay);
      if (shippedRate != null && kafkaOnlyRate != null) {
        out.add("");
        out.add(
            String.format(
                Locale.ROOT,
                "Shipped config ÷ Kafka-only whole pipeline, same backlog, same run: **%.2f×**.",
                shippedRate / kafkaOnlyRate));
      }
      if (!shippedLive.isEmpty()) {
        out.add("");
        out.add(
            "Live: a fresh job per rate; event time = send time; "
                + s.shippedWarmupSeconds()
                + " s of warm-up, then "
                + s.shippedSeconds()
                + " s measured; the transactions of a run are spread over --cards cards or, at"
                + " rates where that would make each card pay more than twice in the run, over"
                + " half as many cards as transactions (a card's day in about a minute; at a fixed"
                + " card count a rising rate turns every card into a card-testing burst). Latency"
                + " from the producer's send to the decision's record on the"
                + " scored topic. A rate is **sustained** when every transaction is scored within "
                + ShippedConfigRuns.DRAIN.toSeconds()
                + " s of the last send and the median latency of the last 10 s is at most "
                + ShippedConfigRuns.MAX_MEDIAN_GROWTH_MILLIS
                + " ms above the first 10 s's (consumer lag bounded); rates above the first one"
                + " not sustained are not run.");
        out.add("");
        out.add(
            "| offered events/s | achieved | p50 ms | p99 ms | p99.9 ms | median first → last 10 s (ms) | scored | sustained | Cassandra rows (table = topic keys) |");
        out.add("|---|---|---|---|---|---|---|---|---|");
        out.addAll(shippedLive);
        out.add("");
        out.add(
            "Highest sustained rate: **"
                + (shippedSustained < 0
                    ? "none of the rates run"
                    : String.format(Locale.ROOT, "%,d events/s", shippedSustained))
                + "**"
                + (shippedFailedAt < 0
                    ? "."
                    : String.format(
                        Locale.ROOT, " (%,d events/s was not sustained).", shippedFailedAt)));
      }
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
    if (!shippedLive.isEmpty()) {
      out.add(
          target(
              "shipped production config, sustainable live rate ≥ 10,000 events/s",
              shippedSustained < 0
                  ? "none"
                  : String.format(Locale.ROOT, "%,d events/s", shippedSustained),
              shippedSustained >= 10_000));
      for (int rate : List.of(1_000, 5_000)) {
        long limit = rate == 1_000 ? 100 : 250;
        Double p = shippedP99.get(rate);
        out.add(
            target(
                String.format(
                    Locale.ROOT,
                    "p99 produce→decision ≤ %d ms at %,d events/s, shipped config",
                    limit,
                    rate),
                p != null
                    ? String.format(Locale.ROOT, "%.0f ms", p)
                    : !s.shippedRates().contains(rate)
                        ? "not measured (not in --shippedRates)"
                        : shippedFailedAt >= 0 && rate >= shippedFailedAt
                            ? "not sustained"
                            : "not measured",
                p != null && p <= limit));
      }
    }
    if (shippedRate != null && kafkaOnlyRate != null) {
      out.add(
          target(
              "shipped config ÷ Kafka-only whole pipeline ≥ 0.5, same run",
              String.format(Locale.ROOT, "%.2f×", shippedRate / kafkaOnlyRate),
              shippedRate / kafkaOnlyRate >= 0.5));
    }
    if (!shippedReplay.isEmpty() || !shippedLive.isEmpty()) {
      out.add(
          target(
              "Cassandra rows exact in every shipped-config run",
              shippedRowsExact ? "exact" : "differs (see the tables)",
              shippedRowsExact));
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
