package dev.vigil.benchmarks.faults;

import dev.vigil.benchmarks.faults.ScoredLedger.Counts;
import dev.vigil.benchmarks.streaming.Machine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The fault matrix as Markdown: how each fault was injected and judged, then every run. */
final class FaultReport {
  private final FaultSettings s;
  private final String command;
  private final Instant started;
  private final List<RunResult> runs;

  FaultReport(FaultSettings s, String args, Instant started, List<RunResult> runs) {
    this.s = s;
    this.command = "./vigil bench faults" + (args.isBlank() ? "" : " " + args);
    this.started = started;
    this.runs = runs;
  }

  void write() throws IOException {
    Path file = s.results().toAbsolutePath();
    Files.createDirectories(file.getParent());
    Files.writeString(file, render());
  }

  String render() {
    StringBuilder b = new StringBuilder();
    b.append("# Fault matrix\n\n")
        .append("Written by `")
        .append(command)
        .append("` on ")
        .append(started.truncatedTo(ChronoUnit.SECONDS))
        .append(" (")
        .append(java.time.Duration.between(started, Instant.now()).toMinutes())
        .append(" min).\n\n")
        .append("Machine: ")
        .append(Machine.describe())
        .append(".\n\n")
        .append(lighterThanDefault())
        .append(
            String.format(
                "Each run: %,d generated transactions (%,d cards) sent at %,d/s over 2 partitions"
                    + " as a live stream (event time = send time), to the job as `./vigil submit"
                    + " --config=runner-configs/flink-cluster.args` submits it (Kafka and Cassandra"
                    + " out, checkpoints every 2 s) on a session cluster of one JobManager and two"
                    + " TaskManagers (`scripts/flink.sh`, 2 slots each, the job's slots spread over"
                    + " both), with the harness's own Kafka and Cassandra; the fault injected right"
                    + " after a fresh completed checkpoint once a third of the stream is scored; %d"
                    + " run(s) per fault. Each run is counted against the exact outcome of its own"
                    + " input: the batch pipeline (exact whatever the order) over every record of"
                    + " the run's input topic. **lost**: transactions the reference scores that the"
                    + " run never did; **duplicated**: scored records minus distinct ids;"
                    + " **divergent**: ids whose features or decision differ from the reference (or"
                    + " whose score differs by more than 1e-5); non-identical duplicates: ids"
                    + " scored twice with different outcomes; Cassandra: each table's rows against"
                    + " its topic's distinct keys (scored_transactions and alerts must match; merchant"
                    + " windows and card sessions are shown, since a restart may emit a window's"
                    + " panes again differently); restarts: Flink's `numRestarts`; outage: how long"
                    + " the fault lasted; stall: the longest stretch without a new transaction"
                    + " scored from the fault on; recovery: from the end of the fault to the end of"
                    + " that stall (0: decisions came again before the fault ended; –: no stall of"
                    + " 2 s or more, nothing to recover from).\n\n",
                s.events(), s.cards(), s.rate(), s.repeats()));
    b.append("## The matrix\n\n| fault | how injected | pass criterion | runs | passed |\n")
        .append("|---|---|---|---|---|\n");
    Map<String, int[]> tally = new LinkedHashMap<>();
    for (RunResult r : runs) {
      int[] t = tally.computeIfAbsent(r.fault().id(), k -> new int[2]);
      t[0]++;
      t[1] += r.passed() ? 1 : 0;
    }
    for (Fault f : Fault.all()) {
      int[] t = tally.get(f.id());
      if (t != null) {
        b.append(
            String.format(
                "| %s | %s | lost = 0, rows of scored_transactions and alerts exact; %s | %d | %d"
                    + " |\n",
                f.title(), f.how(), f.expected(), t[0], t[1]));
      }
    }
    b.append("\n## Every run\n\n")
        .append(
            "| fault | run | fresh checkpoint | scored records | lost | duplicated | divergent |"
                + " non-identical dup. | dead letters | Cassandra | restarts | outage | stall |"
                + " recovery | result |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (RunResult r : runs) {
      Counts c = r.counts();
      b.append(
          String.format(
              "| %s | %d | %s | %,d | %,d | %,d | %,d | %,d | %,d | %s | %s | %s | %s | %s | %s |\n",
              r.fault().id(),
              r.attempt(),
              r.freshCheckpoint() ? "yes" : "no",
              c.records(),
              c.lost(),
              c.duplicated(),
              c.divergent(),
              c.nonIdentical(),
              r.deadLetters(),
              r.cassandra().exact()
                  ? "exact"
                  : (r.cassandraExact() ? "scored, alerts exact; " : "") + r.cassandra().report(),
              r.restarts() < 0 ? "–" : String.valueOf(r.restarts()),
              seconds(r.outageMillis()),
              r.stallMillis() < 0 ? "–" : seconds(r.stallMillis()),
              !r.stalled() ? "–" : r.recoveryMillis() < 0 ? "none" : seconds(r.recoveryMillis()),
              result(r)));
    }
    return b.toString();
  }

  /**
   * A sentence saying that this run is smaller than the harness's defaults (and than what the issue
   * asks for), or nothing when it is not.
   */
  private String lighterThanDefault() {
    FaultSettings d = FaultSettings.parse(new String[0]);
    if (s.events() >= d.events() && s.repeats() >= d.repeats()) {
      return "";
    }
    return String.format(
        "**A lighter run than the harness's default** (%,d transactions at %,d/s, %d runs per"
            + " fault): %,d transactions at %,d/s, %d run(s) per fault%s.%n%n",
        d.events(),
        d.rate(),
        d.repeats(),
        s.events(),
        s.rate(),
        s.repeats(),
        s.only().isEmpty() ? "" : ", only " + String.join(", ", s.only()));
  }

  private static String result(RunResult r) {
    StringBuilder b = new StringBuilder(r.passed() ? "pass" : "**FAIL**");
    if (!r.complete()) {
      b.append(" (stalled)");
    }
    if (r.poisonScored() > 0) {
      b.append("; ").append(r.poisonScored()).append(" poison records scored");
    }
    if (r.counts().unexpected() > 0) {
      b.append("; ").append(r.counts().unexpected()).append(" ids not in the reference");
    }
    if (!r.note().isEmpty()) {
      b.append("; ").append(r.note());
    }
    return b.toString();
  }

  private static String seconds(long millis) {
    return String.format("%.1f s", millis / 1000.0);
  }
}
