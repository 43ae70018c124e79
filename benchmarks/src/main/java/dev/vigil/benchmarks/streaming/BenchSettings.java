package dev.vigil.benchmarks.streaming;

import dev.vigil.benchmarks.Args;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The streaming benchmark's settings: {@code --name=value} arguments over defaults sized for a full
 * run, or over the small {@code --smoke} sizes CI uses so the harness cannot rot.
 */
record BenchSettings(
    int events,
    int warmupEvents,
    int cards,
    int days,
    int partitions,
    int parallelism,
    long checkpointMillis,
    int directEvents,
    List<Integer> rates,
    int latencySeconds,
    int latencyWarmupSeconds,
    long latencyBundleMillis,
    int latencyBundleSize,
    long latencyBatchWaitMillis,
    long latencyBufferMillis,
    long latencyCheckpointMillis,
    Set<String> latencyJobs,
    Set<String> throughputJobs,
    int soakEvents,
    int soakDays,
    int soakCards,
    int stallSeconds,
    Set<String> sections,
    Path modelDir,
    Path v1ModelDir,
    Path resultsFile,
    boolean fasterCopy,
    String merchantWindowLayout,
    String cardSessionLayout,
    List<String> vigilArgs,
    Path shippedConfig,
    int shippedEvents,
    List<Integer> shippedRates,
    int shippedSeconds,
    int shippedWarmupSeconds,
    List<String> shippedArgs) {

  private static final Set<String> ALL =
      Set.of("throughput", "shipped", "direct", "latency", "soak", "inference");

  /**
   * The latency section's jobs: Vigil with {@code GroupIntoBatches}, Vigil per-bundle, native
   * Flink.
   */
  static final List<String> LATENCY_JOBS = List.of("gib", "bundle", "native");

  /**
   * The throughput section's jobs: the whole pipeline with the shipped model (its feature set), the
   * same with the v1 model (the feature sets' cost, same run), then score-and-decide as in {@link
   * #LATENCY_JOBS} (v1 model: the native peer computes the nine v1 features).
   */
  static final List<String> THROUGHPUT_JOBS =
      List.of("whole", "whole-v1", "gib", "bundle", "native");

  boolean runs(String section) {
    return sections.contains(section);
  }

  static BenchSettings parse(String[] argv) {
    Map<String, String> a = Args.parseWithSmoke(argv, "arguments are --smoke or --name=value");
    boolean smoke = a.remove(Args.SMOKE) != null;
    int cores = Runtime.getRuntime().availableProcessors();
    BenchSettings s =
        new BenchSettings(
            num(a, "events", smoke ? 20_000 : 1_000_000),
            num(a, "warmupEvents", smoke ? 2_000 : 200_000),
            num(a, "cards", smoke ? 500 : 20_000),
            num(a, "days", smoke ? 1 : 3),
            num(a, "partitions", cores),
            num(a, "parallelism", cores),
            num(a, "checkpointMillis", smoke ? 3_000 : 10_000),
            num(a, "directEvents", smoke ? 300 : 5_000),
            rates(a, "rates", smoke ? "500" : "1000,5000,20000"),
            num(a, "latencySeconds", smoke ? 3 : 30),
            num(a, "latencyWarmupSeconds", smoke ? 2 : 60),
            num(a, "latencyBundleMillis", 10),
            num(a, "latencyBundleSize", 1000),
            num(a, "latencyBatchWaitMillis", 10),
            num(a, "latencyBufferMillis", 5),
            num(a, "latencyCheckpointMillis", smoke ? 3_000 : 10_000),
            Set.copyOf(
                Arrays.asList(
                    a.getOrDefault("latencyJobs", String.join(",", LATENCY_JOBS)).split(","))),
            Set.copyOf(
                Arrays.asList(
                    a.getOrDefault("throughputJobs", String.join(",", THROUGHPUT_JOBS))
                        .split(","))),
            num(a, "soakEvents", smoke ? 30_000 : 3_000_000),
            num(a, "soakDays", smoke ? 3 : 30),
            num(a, "soakCards", smoke ? 500 : 20_000),
            num(a, "stallSeconds", smoke ? 30 : 90),
            Set.copyOf(Arrays.asList(a.getOrDefault("only", String.join(",", ALL)).split(","))),
            Path.of(a.getOrDefault("modelDir", "testdata/model")).toAbsolutePath(),
            Path.of(a.getOrDefault("v1ModelDir", "testdata/model-v1")).toAbsolutePath(),
            Path.of(
                    a.getOrDefault(
                        "results",
                        smoke ? "benchmarks/target/SMOKE-RESULTS.md" : "benchmarks/RESULTS.md"))
                .toAbsolutePath(),
            Boolean.parseBoolean(a.getOrDefault("fasterCopy", "true")),
            a.getOrDefault("merchantWindowLayout", "AUTO"),
            a.getOrDefault("cardSessionLayout", "AUTO"),
            // Extra pipeline options for every Vigil job, e.g.
            // --vigilArgs=--scoreBatching=PER_BUNDLE;--maxBundleSize=5000
            a.containsKey("vigilArgs") ? List.of(a.get("vigilArgs").split(";")) : List.of(),
            // The shipped production config, measured as users run it (Cassandra, Kafka, files).
            Path.of(a.getOrDefault("shippedConfig", "runner-configs/flink-local-kafka.args"))
                .toAbsolutePath(),
            num(a, "shippedEvents", smoke ? 3_000 : 50_000),
            rates(a, "shippedRates", smoke ? "200" : "500,1000,2000,5000,10000"),
            num(a, "shippedSeconds", smoke ? 4 : 60),
            num(a, "shippedWarmupSeconds", smoke ? 2 : 15),
            // For experiments only: options over the shipped file's (the rows then name them).
            a.containsKey("shippedArgs") ? List.of(a.get("shippedArgs").split(";")) : List.of());
    for (String section : s.sections()) {
      if (!ALL.contains(section)) {
        throw new IllegalArgumentException(
            "--only takes a comma-separated subset of " + ALL + ", got " + section);
      }
    }
    requireSubset("latencyJobs", s.latencyJobs(), LATENCY_JOBS);
    requireSubset("throughputJobs", s.throughputJobs(), THROUGHPUT_JOBS);
    if (s.soakDays() < 2 || s.soakEvents() < s.soakDays()) {
      throw new IllegalArgumentException("--soakDays must be >= 2 and --soakEvents >= --soakDays");
    }
    return s;
  }

  private static void requireSubset(String option, Set<String> given, List<String> allowed) {
    for (String job : given) {
      if (!allowed.contains(job)) {
        throw new IllegalArgumentException(
            "--" + option + " takes a comma-separated subset of " + allowed + ", got " + job);
      }
    }
  }

  private static List<Integer> rates(Map<String, String> a, String name, String fallback) {
    String v = a.getOrDefault(name, fallback);
    try {
      return Arrays.stream(v.split(",")).map(String::trim).map(Integer::parseInt).toList();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--" + name + " takes comma-separated whole numbers (events/s), got " + v);
    }
  }

  private static int num(Map<String, String> a, String name, int fallback) {
    String v = a.get(name);
    try {
      return v == null ? fallback : Integer.parseInt(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " takes a whole number, got " + v);
    }
  }
}
