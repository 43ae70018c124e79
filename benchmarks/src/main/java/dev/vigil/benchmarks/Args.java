package dev.vigil.benchmarks;

import java.util.HashMap;
import java.util.Map;

/** {@code --name=value} arguments of the benchmark harnesses. */
public final class Args {
  /** The key {@link #parseWithSmoke} gives {@code --smoke}, with the value "true". */
  public static final String SMOKE = "smoke";

  private Args() {}

  /**
   * {@code --smoke} (as {@link #SMOKE}) and {@code --name=value} arguments as a map; anything else
   * fails with {@code usage} (what the arguments are) and the argument.
   */
  public static Map<String, String> parseWithSmoke(String[] args, String usage) {
    Map<String, String> out = new HashMap<>();
    for (String a : args) {
      if (a.equals("--" + SMOKE)) {
        out.put(SMOKE, "true");
      } else if (a.startsWith("--") && a.contains("=")) {
        out.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
      } else {
        throw new IllegalArgumentException(usage + "; got " + a);
      }
    }
    return out;
  }

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
