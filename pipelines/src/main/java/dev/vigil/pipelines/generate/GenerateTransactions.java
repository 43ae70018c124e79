package dev.vigil.pipelines.generate;

import dev.vigil.pipelines.OptionsHelp;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.Validation;

/**
 * Writes a labelled transaction stream as JSON Lines ({@code ./vigil generate --output=FILE ...}).
 */
public final class GenerateTransactions {

  /** Options of the generator. */
  @Description("Generator options")
  public interface Options extends PipelineOptions {
    @Description("JSON Lines file to write (parent directories are created).")
    @Validation.Required
    String getOutput();

    void setOutput(String value);

    @Description("Number of valid transactions to generate.")
    @Default.Integer(5000)
    int getTransactions();

    void setTransactions(int value);

    @Description("Number of distinct cards.")
    @Default.Integer(300)
    int getCards();

    void setCards(int value);

    @Description("Random seed: the same seed and settings give the same file.")
    @Default.Long(42)
    long getSeed();

    void setSeed(long value);

    @Description("Days of event time covered, starting at --start.")
    @Default.Integer(7)
    int getDays();

    void setDays(int value);

    @Description("First instant of event time (ISO-8601).")
    @Default.String("2026-11-01T00:00:00Z")
    String getStart();

    void setStart(String value);

    @Description("Fraction of transactions that belong to fraud scenarios.")
    @Default.Double(0.02)
    double getFraudRate();

    void setFraudRate(double value);

    @Description("Probability of a malformed line before each valid one.")
    @Default.Double(0.0)
    double getMalformedRate();

    void setMalformedRate(double value);
  }

  private GenerateTransactions() {}

  public static TransactionGenerator generator(Options o) {
    return TransactionGenerator.builder()
        .seed(o.getSeed())
        .transactions(o.getTransactions())
        .cards(o.getCards())
        .days(o.getDays())
        .start(Instant.parse(o.getStart()))
        .fraudRate(o.getFraudRate())
        .malformedRate(o.getMalformedRate())
        .build();
  }

  public static void write(List<String> lines, Path output) throws IOException {
    if (output.getParent() != null) {
      Files.createDirectories(output.getParent());
    }
    try (BufferedWriter w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      for (String line : lines) {
        w.write(line);
        w.newLine();
      }
    }
  }

  public static void main(String[] args) throws IOException {
    if (OptionsHelp.printIfAsked(args, "./vigil generate", Options.class)) {
      return;
    }
    PipelineOptionsFactory.register(Options.class);
    Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    List<String> lines = generator(options).lines();
    write(lines, Path.of(options.getOutput()));
    System.out.printf("wrote %d lines to %s%n", lines.size(), options.getOutput());
  }
}
