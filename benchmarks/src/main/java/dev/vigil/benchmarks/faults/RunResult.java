package dev.vigil.benchmarks.faults;

import dev.vigil.benchmarks.faults.ScoredLedger.Counts;
import dev.vigil.benchmarks.streaming.TableWatchers.CassandraCheck;
import java.util.List;
import java.util.Set;

/**
 * One run of the fault harness, counted against the exact outcomes of its input.
 *
 * @param fault the fault injected
 * @param attempt 1, 2, 3 ...
 * @param freshCheckpoint whether a checkpoint had just completed when the fault was injected
 * @param complete whether every expected transaction was scored before the run stalled
 * @param counts lost, duplicated, divergent ...
 * @param deadLetters records on the dead-letter topic
 * @param poisonScored poison records ({@code poison-} ids) that were scored instead
 * @param cassandra the tables' rows against the topics' keys
 * @param restarts Flink's restarts of the job (-1: not known, e.g. the embedded job)
 * @param outageMillis how long the fault was in place (kill to process back, pause to resume)
 * @param stallMillis the longest stretch without a new transaction scored, from the fault on (-1:
 *     none came after the fault began)
 * @param recoveryMillis from the end of the fault to the end of that stretch (0 when decisions came
 *     again before the fault ended; -1: none came)
 * @param note what the run noticed
 */
record RunResult(
    Fault fault,
    int attempt,
    boolean freshCheckpoint,
    boolean complete,
    Counts counts,
    long deadLetters,
    long poisonScored,
    CassandraCheck cassandra,
    long restarts,
    long outageMillis,
    long stallMillis,
    long recoveryMillis,
    String note) {

  /** Recovery must come within this, from the end of the fault. */
  static final long MAX_RECOVERY_MILLIS = 180_000;

  /** A stall shorter than this is the stream's own rhythm, not an outage: no recovery to time. */
  static final long MIN_STALL_MILLIS = 2_000;

  /** Whether decisions stopped for a while after the fault began (so recovery is meaningful). */
  boolean stalled() {
    return stallMillis >= MIN_STALL_MILLIS;
  }

  /**
   * The tables whose rows must equal the distinct keys on their topics in every run: scored
   * transactions and alerts follow from the decisions. Merchant windows and card sessions do not
   * count: a restart may emit a window's panes again differently (and few windows close within a
   * run's minute of stream).
   */
  static final Set<String> EXACT_TABLES = Set.of("scored_transactions", "alerts");

  /** Whether the tables that must be exact are. */
  boolean cassandraExact() {
    return cassandra.differing().stream().noneMatch(EXACT_TABLES::contains);
  }

  /** A run that could not be carried out (e.g. the job could not be submitted or restored). */
  static RunResult failed(Fault fault, int attempt, Exception e) {
    String reason = String.valueOf(e.getMessage());
    int newline = reason.indexOf('\n');
    reason = newline < 0 ? reason : reason.substring(0, newline);
    return new RunResult(
        fault,
        attempt,
        false,
        false,
        new Counts(0, 0, 0, 0, 0, 0, 0, List.of()),
        0,
        0,
        new CassandraCheck("not counted", false, Set.of("scored_transactions")),
        -1,
        0,
        -1,
        -1,
        "run failed: " + (reason.length() > 300 ? reason.substring(0, 300) + "…" : reason));
  }

  /** Whether the run meets its row's criterion. */
  boolean passed() {
    boolean base = complete && counts.lost() == 0 && cassandraExact();
    boolean recovered =
        stallMillis >= 0
            && (!stalled() || recoveryMillis >= 0 && recoveryMillis <= MAX_RECOVERY_MILLIS);
    return switch (fault.id()) {
      case "control" -> base && counts.duplicated() == 0 && counts.divergent() == 0;
      case "poison" ->
          base
              && counts.divergent() == 0
              && restarts == 0
              && deadLetters + poisonScored >= FaultContext.POISON_RECORDS;
      case "card-flood" ->
          base
              && recovered
              && counts.divergent() == 0
              && counts.nonIdentical() == 0
              && restarts == 0;
      default ->
          base
              && recovered
              && counts.divergent() == 0
              && counts.nonIdentical() == 0
              && (!fault.exactlyOnce() || counts.duplicated() == 0);
    };
  }
}
