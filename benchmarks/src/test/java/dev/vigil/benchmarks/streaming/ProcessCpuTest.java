package dev.vigil.benchmarks.streaming;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process's CPU time read from {@code /proc} by its PID file agrees with the JVM's own. */
class ProcessCpuTest {
  @Test
  void readsTheCpuTimeOfTheProcessInItsPidFile(@TempDir Path dir) throws Exception {
    Path pidFile = dir.resolve("self.pid");
    Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
    ProcessCpu byPid = ProcessCpu.of(pidFile);
    ProcessCpu self = ProcessCpu.self();
    byPid.nanos(); // loads what each reading needs, outside the compared spans
    self.nanos();
    long pid0 = byPid.nanos();
    long self0 = self.nanos();
    long spent = burn(300_000_000L);
    long byPidDelta = byPid.nanos() - pid0;
    long selfDelta = self.nanos() - self0;
    // /proc counts in 10 ms ticks; the JVM's other threads (JIT, GC) add to both readings.
    assertThat(byPidDelta, greaterThanOrEqualTo(spent - 50_000_000L));
    assertThat(
        byPidDelta,
        allOf(
            greaterThanOrEqualTo(selfDelta - 50_000_000L),
            lessThanOrEqualTo(selfDelta + 50_000_000L)));
  }

  @Test
  void saysWhichPidFileItCannotRead(@TempDir Path dir) {
    Path missing = dir.resolve("none.pid");
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> ProcessCpu.of(missing).nanos());
    assertThat(e.getMessage(), containsString(missing.toString()));
  }

  /** Spins on this thread for {@code nanos} of its CPU time; returns the CPU time spent. */
  private static long burn(long nanos) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long start = threads.getCurrentThreadCpuTime();
    double x = 1;
    while (threads.getCurrentThreadCpuTime() - start < nanos) {
      for (int i = 0; i < 10_000; i++) {
        x = Math.sqrt(x + i);
      }
    }
    if (x < 0) {
      throw new AssertionError();
    }
    return threads.getCurrentThreadCpuTime() - start;
  }
}
