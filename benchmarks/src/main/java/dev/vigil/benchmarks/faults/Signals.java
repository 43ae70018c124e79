package dev.vigil.benchmarks.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

  /**
   * {@code chattr <flag> dir} (recursively when asked): {@code +i} makes a directory immutable, so
   * nothing can be created in it, not even by root (for whom permission bits change nothing). Needs
   * root and a file system with the attribute (ext4, xfs); fails with a message otherwise.
   */
  static void chattr(String flag, Path dir, boolean recursive)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("chattr"));
    if (recursive) {
      command.add("-R");
    }
    command.add(flag);
    command.add(dir.toString());
    int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException(
          String.join(" ", command)
              + " exited "
              + exit
              + ": making a directory unwritable needs root and a file system with the immutable"
              + " attribute (ext4, xfs)");
    }
  }
}
