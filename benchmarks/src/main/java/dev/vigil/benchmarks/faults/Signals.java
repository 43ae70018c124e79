package dev.vigil.benchmarks.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Signals to the servers' processes by the PID files their scripts keep. */
final class Signals {
  private Signals() {}

  /** The PID recorded in {@code pidFile}. */
  static long pid(Path pidFile) throws IOException {
    return Long.parseLong(Files.readString(pidFile).trim());
  }

  /** {@code kill -9} of the process in {@code pidFile}; returns its PID once it is gone. */
  static long kill9(Path pidFile) throws IOException {
    long pid = pid(pidFile);
    ProcessHandle p =
        ProcessHandle.of(pid)
            .orElseThrow(
                () -> new IllegalStateException("no process " + pid + " (" + pidFile + ")"));
    p.destroyForcibly();
    p.onExit().join();
    return pid;
  }

  /**
   * {@code kill -STOP} (pause) or {@code kill -CONT} (resume) of the process in {@code pidFile}.
   */
  static void send(String signal, Path pidFile) throws IOException, InterruptedException {
    int exit =
        new ProcessBuilder("kill", "-" + signal, String.valueOf(pid(pidFile)))
            .inheritIO()
            .start()
            .waitFor();
    if (exit != 0) {
      throw new IllegalStateException("kill -" + signal + " of " + pidFile + " exited " + exit);
    }
  }
}
