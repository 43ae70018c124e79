package dev.vigil.benchmarks.streaming;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time (user and system) of one process on this machine: the benchmark's own JVM, which runs
 * the jobs, or a server the benchmark started, found by its PID file.
 */
final class ProcessCpu {
  /** Linux's USER_HZ, the unit of the times in {@code /proc/<pid>/stat}: 100 on every kernel. */
  private static final long TICKS_PER_SECOND = 100;

  private final Path pidFile;

  private ProcessCpu(Path pidFile) {
    this.pidFile = pidFile;
  }

  /** This JVM. */
  static ProcessCpu self() {
    return new ProcessCpu(null);
  }

  /** The process whose PID {@code pidFile} holds (as written by {@code scripts/*.sh}). */
  static ProcessCpu of(Path pidFile) {
    return new ProcessCpu(pidFile);
  }

  /** CPU time used so far, in nanoseconds. */
  long nanos() {
    if (pidFile == null) {
      return StreamingBenchmark.processCpuNanos();
    }
    try {
      String pid = Files.readString(pidFile).trim();
      String stat = Files.readString(Path.of("/proc", pid, "stat"));
      // After "pid (command) ": field 3 (state) first; utime and stime are fields 14 and 15.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return ticks * 1_000_000_000L / TICKS_PER_SECOND;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CPU time of the process in " + pidFile, e);
    }
  }
}
