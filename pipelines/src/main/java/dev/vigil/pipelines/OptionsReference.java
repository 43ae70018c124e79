package dev.vigil.pipelines;

import dev.vigil.pipelines.generate.GenerateTransactions;
import dev.vigil.pipelines.kafka.ProduceTransactions;
import dev.vigil.pipelines.train.TrainOptions;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/**
 * The options reference, generated from the options interfaces' own annotations ({@code
 * Description}, {@code Default.*}, {@code Validation.Required}, {@code Hidden}): {@code
 * docs/options.md} and each command's {@code --help} come from here, so neither is typed by hand.
 * {@code ./vigil docs} rewrites the file; {@code OptionsReferenceTest} fails when it is stale.
 */
public final class OptionsReference {
  /** One command and the option groups it takes. */
  record Command(String name, String title, List<Class<? extends PipelineOptions>> groups) {}

  /** Every command that takes options, in the order the reference lists them. */
  static final List<Command> COMMANDS =
      List.of(
          new Command("./vigil run", "the fraud-detection pipeline", FraudDetectionOptions.GROUPS),
          new Command("./vigil train", "train and export a model", List.of(TrainOptions.class)),
          new Command(
              "./vigil produce",
              "send transactions to Kafka",
              List.of(ProduceTransactions.Options.class)),
          new Command(
              "./vigil generate",
              "write a labelled transaction stream",
              List.of(GenerateTransactions.Options.class)));

  /** One option: its flag, default, whether required, and description. */
  record Option(String flag, String defaultValue, boolean required, String description) {}

  private OptionsReference() {}

  /** Writes the Markdown reference to {@code args[0]} (default {@code docs/options.md}). */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "docs/options.md");
    Files.writeString(out, markdown(), StandardCharsets.UTF_8);
    System.out.println("wrote " + out);
  }

  /** The options of {@code group}'s own getters (not inherited ones), sorted by name. */
  static List<Option> options(Class<? extends PipelineOptions> group) {
    List<Option> result = new ArrayList<>();
    for (Method m : group.getDeclaredMethods()) {
      String property = property(m);
      if (property == null || m.isAnnotationPresent(Hidden.class)) {
        continue;
      }
      Description d = m.getAnnotation(Description.class);
      result.add(
          new Option(
              "--" + property,
              defaultValue(m),
              m.isAnnotationPresent(Validation.Required.class),
              d == null ? "" : d.value()));
    }
    result.sort(Comparator.comparing(Option::flag));
    return result;
  }

  /** The group's title: its interface-level {@code @Description}, or its simple name. */
  static String title(Class<?> group) {
    Description d = group.getAnnotation(Description.class);
    return d != null ? d.value() : group.getSimpleName();
  }

  /** The whole reference as Markdown. */
  static String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("# Options reference\n\n")
        .append("Generated from the options interfaces' annotations by `./vigil docs` ")
        .append("(`OptionsReference`); `OptionsReferenceTest` fails when this file is stale, so ")
        .append("do not edit it by hand. Each command prints the same with `--help`. Beam's own ")
        .append("options (`--runner`, `--streaming`, the runners' options) come on top; see ")
        .append("[runners and clusters](runners.md).\n");
    for (Command c : COMMANDS) {
      b.append("\n## `").append(c.name()).append("`: ").append(c.title()).append("\n");
      for (Class<? extends PipelineOptions> group : c.groups()) {
        if (c.groups().size() > 1) {
          b.append("\n### ").append(title(group)).append("\n");
        }
        b.append("\n| option | default | description |\n|---|---|---|\n");
        for (Option o : options(group)) {
          b.append("| `")
              .append(o.flag())
              .append("` | ")
              .append(
                  o.required()
                      ? "**required**"
                      : o.defaultValue().isEmpty() ? "" : "`" + o.defaultValue() + "`")
              .append(" | ")
              .append(o.description().replace("|", "\\|"))
              .append(" |\n");
        }
      }
    }
    return b.toString();
  }

  /** Plain-text help for one command's options interface, grouped as the reference is. */
  static String help(String command, Class<? extends PipelineOptions> options) {
    List<Class<? extends PipelineOptions>> groups =
        options == FraudDetectionOptions.class ? FraudDetectionOptions.GROUPS : List.of(options);
    StringBuilder b =
        new StringBuilder("Usage: ").append(command).append(" [--option=value ...]\n");
    for (Class<? extends PipelineOptions> group : groups) {
      b.append("\n").append(title(group)).append(":\n");
      for (Option o : options(group)) {
        b.append("  ")
            .append(o.flag())
            .append(
                o.required()
                    ? " (required)"
                    : o.defaultValue().isEmpty() ? "" : " (default " + o.defaultValue() + ")")
            .append("\n");
        for (String line : wrap(o.description(), 90)) {
          b.append("      ").append(line).append("\n");
        }
      }
    }
    b.append(
        "\nBeam's own options (--runner, --streaming, runner options) also apply; e.g. "
            + "--help=org.apache.beam.runners.flink.FlinkPipelineOptions lists Flink's.\n");
    return b.toString();
  }

  private static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() > 0 ? " " : "").append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }

  private static String property(Method m) {
    String n = m.getName();
    if (m.getParameterCount() != 0 || m.isDefault() || Modifier.isStatic(m.getModifiers())) {
      return null;
    }
    String stem = n.startsWith("get") ? n.substring(3) : n.startsWith("is") ? n.substring(2) : null;
    return stem == null || stem.isEmpty()
        ? null
        : Character.toLowerCase(stem.charAt(0)) + stem.substring(1);
  }

  /** The value of the getter's {@code @Default.*} annotation, with an enum's choices, or "". */
  private static String defaultValue(Method m) {
    for (Annotation a : m.getAnnotations()) {
      if (a.annotationType().getEnclosingClass() == Default.class) {
        try {
          Object v = a.annotationType().getMethod("value").invoke(a);
          String s = String.valueOf(v);
          return m.getReturnType().isEnum() ? s + " (" + choices(m.getReturnType()) + ")" : s;
        } catch (ReflectiveOperationException e) {
          return "";
        }
      }
    }
    return m.getReturnType().isEnum() ? "(" + choices(m.getReturnType()) + ")" : "";
  }

  private static String choices(Class<?> enumType) {
    return Arrays.stream(enumType.getEnumConstants())
        .map(String::valueOf)
        .collect(Collectors.joining(", "));
  }
}
