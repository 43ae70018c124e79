package dev.vigil.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.vigil.pipelines.kafka.ProduceTransactions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.options.PipelineOptions;
import org.junit.jupiter.api.Test;

/** The generated options reference is current, and --help prints the command's own options. */
class OptionsReferenceTest {
  private static final Path DOC = Path.of("..", "docs", "options.md");

  @Test
  void docsOptionsMdIsGeneratedFromTheAnnotations() throws Exception {
    String onDisk = Files.readString(DOC, StandardCharsets.UTF_8);
    assertThat(
        "docs/options.md is stale: run ./vigil docs and commit it",
        onDisk,
        equalTo(OptionsReference.markdown()));
  }

  @Test
  void everyPipelineOptionIsInExactlyOneGroupAndDescribed() {
    String md = OptionsReference.markdown();
    for (String flag :
        new String[] {
          "--inputFile",
          "--outputs",
          "--modelDir",
          "--summaries",
          "--scoreBatching",
          "--kafkaExactlyOnce",
          "--cassandraHosts"
        }) {
      assertThat(md, containsString("| `" + flag + "` |"));
    }
    assertThat(md, containsString("| `--modelDir` | **required** |"));
    assertThat(md, not(containsString("--submitOnly"))); // hidden: ./vigil submit sets it
    for (Class<?> group : FraudDetectionOptions.GROUPS) {
      OptionsReference.options(group.asSubclass(PipelineOptions.class))
          .forEach(o -> assertThat(o.flag() + " has a description", !o.description().isBlank()));
    }
  }

  @Test
  void helpPrintsTheProducersOwnOptionsNotBeamsRegistry() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream previous = System.out;
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      assertThat(
          OptionsHelp.printIfAsked(
              new String[] {"--help"}, "./vigil produce", ProduceTransactions.Options.class),
          equalTo(true));
    } finally {
      System.setOut(previous);
    }
    String help = buffer.toString(StandardCharsets.UTF_8);
    assertThat(help, containsString("Usage: ./vigil produce"));
    assertThat(help, containsString("--rate (default 1000)"));
    assertThat(help, not(containsString("GcpOptions")));
    assertThat(
        OptionsHelp.printIfAsked(new String[] {"--rate=5"}, "x", ProduceTransactions.Options.class),
        equalTo(false));
  }
}
