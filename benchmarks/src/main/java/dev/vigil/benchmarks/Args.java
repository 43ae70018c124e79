package dev.vigil.benchmarks;

import java.util.HashMap;
import java.util.Map;

/** {@code --name=value} arguments of the benchmark harnesses. */
final class Args {
  private Args() {}

  static Map<String, String> parse(String[] args) {
    Map<String, String> out = new HashMap<>();
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("=")) {
        throw new IllegalArgumentException("arguments are --name=value, got " + a);
      }
      out.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    return out;
  }
}
