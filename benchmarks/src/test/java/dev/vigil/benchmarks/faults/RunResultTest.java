package dev.vigil.benchmarks.faults;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.vigil.benchmarks.faults.ScoredLedger.Counts;
import dev.vigil.benchmarks.streaming.TableWatchers.CassandraCheck;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each row's pass criterion, as FAULTS.md states it. */
class RunResultTest {
  private static Fault fault(String id) {
    return Fault.all().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
  }

  private static Counts counts(long lost, long duplicated, long divergent) {
    return new Counts(1000 + duplicated, 1000 - lost, lost, duplicated, divergent, 0, 0, List.of());
  }

  private static RunResult run(
      String fault, Counts c, Set<String> differing, long restarts, long recovery, long dead) {
    return new RunResult(
        fault(fault),
        1,
        true,
        true,
        c,
        dead,
        0,
        new CassandraCheck("rows", differing.isEmpty(), differing),
        restarts,
        1_000,
        recovery < 0 ? 60_000 : recovery + 10_000,
        recovery,
        "");
  }

  @Test
  void restoredStateMustNotDivergeButMayRepeat() {
    assertThat(run("tm-kill", counts(0, 300, 0), Set.of(), 1, 5_000, 0).passed(), is(true));
    assertThat(run("tm-kill", counts(0, 300, 2), Set.of(), 1, 5_000, 0).passed(), is(false));
    assertThat(run("tm-kill", counts(1, 0, 0), Set.of(), 1, 5_000, 0).passed(), is(false));
    assertThat(run("tm-kill", counts(0, 0, 0), Set.of(), 1, 200_000, 0).passed(), is(false));
    assertThat(run("tm-kill", counts(0, 0, 0), Set.of(), 1, -1, 0).passed(), is(false));
  }

  @Test
  void onlyScoredAndAlertTablesMustMatchTheirTopics() {
    assertThat(
        run("tm-kill", counts(0, 0, 0), Set.of("merchant_windows"), 1, 5_000, 0).passed(),
        is(true));
    assertThat(run("tm-kill", counts(0, 0, 0), Set.of("alerts"), 1, 5_000, 0).passed(), is(false));
  }

  @Test
  void theControlMayNotRepeatAndPoisonMayNotRestart() {
    assertThat(run("control", counts(0, 0, 0), Set.of(), 0, 50, 0).passed(), is(true));
    assertThat(
        "a stall under 2 s has no recovery to time",
        new RunResult(
                fault("control"),
                1,
                true,
                true,
                counts(0, 0, 0),
                0,
                0,
                new CassandraCheck("rows", true, Set.of()),
                0,
                0,
                300,
                16_000,
                "")
            .passed(),
        is(true));
    assertThat(run("control", counts(0, 1, 0), Set.of(), 0, 50, 0).passed(), is(false));
    assertThat(
        run("poison", counts(0, 0, 0), Set.of(), 0, 50, FaultContext.POISON_RECORDS).passed(),
        is(true));
    assertThat(
        run("poison", counts(0, 0, 0), Set.of(), 1, 50, FaultContext.POISON_RECORDS).passed(),
        is(false));
    assertThat(run("poison", counts(0, 0, 0), Set.of(), 0, 50, 3).passed(), is(false));
  }

  @Test
  void aFloodedCardMayNotRestartTheJobNorDiverge() {
    assertThat(run("card-flood", counts(0, 0, 0), Set.of(), 0, 1_000, 0).passed(), is(true));
    assertThat(run("card-flood", counts(0, 0, 0), Set.of(), 1, 1_000, 0).passed(), is(false));
    assertThat(run("card-flood", counts(0, 0, 3), Set.of(), 0, 1_000, 0).passed(), is(false));
    assertThat(run("card-flood", counts(2, 0, 0), Set.of(), 0, 1_000, 0).passed(), is(false));
  }

  @Test
  void anEmbeddedRerunResumesItsState() {
    assertThat(run("embedded-kill", counts(0, 40, 0), Set.of(), -1, 9_000, 240).passed(), is(true));
    assertThat(run("embedded-kill", counts(0, 40, 25), Set.of(), -1, 9_000, 0).passed(), is(false));
    assertThat(run("embedded-kill", counts(7, 0, 0), Set.of(), -1, 9_000, 0).passed(), is(false));
  }

  @Test
  void theExactlyOnceRowsMayNotRepeat() {
    for (String id :
        List.of("eos-tm-kill", "eos-tm-kill-beside-writer", "eos-cancel-rerun", "eos-two-jobs")) {
      assertThat(id, fault(id).exactlyOnce(), is(true));
      assertThat(id, run(id, counts(0, 0, 0), Set.of(), 1, 5_000, 0).passed(), is(true));
      assertThat(id, run(id, counts(0, 1, 0), Set.of(), 1, 5_000, 0).passed(), is(false));
      assertThat(id, run(id, counts(0, 0, 1), Set.of(), 1, 5_000, 0).passed(), is(false));
    }
    assertThat(fault("tm-kill").exactlyOnce(), is(false));
    assertThat(
        "a resubmitted job keeps its checkpoints when cancelled",
        fault("eos-cancel-rerun").options().containsAll(Fault.RETAIN_ON_CANCEL),
        is(true));
  }

  @Test
  void aJobFailureIsItsDeepestCause() {
    assertThat(
        BenchFlink.deepestCause(
            "org.apache.flink.runtime.JobException: Recovery is suppressed\n\tat x\n"
                + "Caused by: java.lang.RuntimeException: wrapped\n\tat y\n"
                + "Caused by: java.lang.IllegalStateException: Kafka metadata exists for shard 0\n"
                + "\tat z"),
        is("java.lang.IllegalStateException: Kafka metadata exists for shard 0"));
    assertThat(
        BenchFlink.deepestCause("java.io.IOException: boom\n\tat a"),
        is("java.io.IOException: boom"));
  }
}
