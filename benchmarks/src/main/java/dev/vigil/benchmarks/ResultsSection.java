package dev.vigil.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A section of a results file that one benchmark owns inside a file another one writes ({@code
 * benchmarks/RESULTS.md}): marked by HTML comments, replaced in place by its owner, carried over
 * unchanged when the file's writer rewrites the rest.
 */
public final class ResultsSection {
  private static final Pattern SECTION =
      Pattern.compile("(?s)\\n?<!-- begin (\\S+) -->\\n.*?<!-- end \\1 -->\\n");

  private ResultsSection() {}

  static String begin(String name) {
    return "<!-- begin " + name + " -->\n";
  }

  static String end(String name) {
    return "<!-- end " + name + " -->\n";
  }

  /** Writes {@code body} as section {@code name} of {@code file}: in place, or appended. */
  public static void replace(Path file, String name, String body) throws IOException {
    String text = Files.isRegularFile(file) ? Files.readString(file) : "";
    String block = begin(name) + body + (body.endsWith("\n") ? "" : "\n") + end(name);
    int from = text.indexOf(begin(name));
    int to = text.indexOf(end(name));
    if (from >= 0 && to > from) {
      text = text.substring(0, from) + block + text.substring(to + end(name).length());
    } else {
      text = text + (text.isEmpty() || text.endsWith("\n\n") ? "" : "\n") + block;
    }
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    Files.writeString(file, text);
  }

  /**
   * {@code fresh} with every marked section of the current {@code file} that {@code fresh} does not
   * have appended, so a writer of the whole file keeps the other benchmarks' sections.
   */
  public static String carryOver(Path file, String fresh) throws IOException {
    if (!Files.isRegularFile(file)) {
      return fresh;
    }
    StringBuilder out = new StringBuilder(fresh);
    Matcher m = SECTION.matcher(Files.readString(file));
    while (m.find()) {
      if (!fresh.contains(begin(m.group(1)))) {
        out.append(out.toString().endsWith("\n\n") ? "" : "\n").append(m.group().stripLeading());
      }
    }
    return out.toString();
  }
}
