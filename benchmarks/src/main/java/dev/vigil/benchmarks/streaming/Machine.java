package dev.vigil.benchmarks.streaming;

import java.nio.file.Files;
import java.nio.file.Path;

/** One line about this machine: CPU model, cores, memory, JDK, OS. */
public final class Machine {
  private Machine() {}

  public static String describe() {
    String cpu = "unknown CPU";
    long memKb = -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          memKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception e) {
      // not Linux: keep the defaults
    }
    return String.format(
        "%s, %d cores, %s RAM, Java %s, %s %s",
        cpu,
        Runtime.getRuntime().availableProcessors(),
        memKb < 0 ? "?" : (memKb >> 20) + " GB",
        System.getProperty("java.version"),
        System.getProperty("os.name"),
        System.getProperty("os.version"));
  }
}
