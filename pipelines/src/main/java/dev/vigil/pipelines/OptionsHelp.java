package dev.vigil.pipelines;

import java.util.Arrays;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Prints a command's own options for {@code --help} (or {@code -h}), instead of Beam's list of
 * every registered options class. {@code --help=SomeOptionsClass} is left to Beam.
 */
public final class OptionsHelp {
  private OptionsHelp() {}

  /** Prints {@code options}' help when {@code args} ask for it; true when they did. */
  public static boolean printIfAsked(
      String[] args, String command, Class<? extends PipelineOptions> options) {
    if (Arrays.stream(args).noneMatch(a -> a.equals("--help") || a.equals("-h"))) {
      return false;
    }
    System.out.print(OptionsReference.help(command, options));
    return true;
  }
}
