package dev.vigil.benchmarks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inference benchmark's section of RESULTS.md survives the streaming benchmark's rewrite. */
class ResultsSectionTest {
  @Test
  void replacesInPlaceAndIsCarriedOverByARewrite(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("RESULTS.md");
    Files.writeString(file, "# Results\n\nstreaming v1\n");
    ResultsSection.replace(file, "inference", "## Inference\nrow 1\n");
    assertThat(
        Files.readString(file),
        equalTo(
            "# Results\n\nstreaming v1\n\n<!-- begin inference -->\n## Inference\nrow 1\n"
                + "<!-- end inference -->\n"));
    ResultsSection.replace(file, "inference", "## Inference\nrow 2\n");
    assertThat(
        Files.readString(file),
        equalTo(
            "# Results\n\nstreaming v1\n\n<!-- begin inference -->\n## Inference\nrow 2\n"
                + "<!-- end inference -->\n"));
    String rewritten = ResultsSection.carryOver(file, "# Results\n\nstreaming v2\n");
    assertThat(
        rewritten,
        equalTo(
            "# Results\n\nstreaming v2\n\n<!-- begin inference -->\n## Inference\nrow 2\n"
                + "<!-- end inference -->\n"));
    assertThat(ResultsSection.carryOver(dir.resolve("none.md"), "x\n"), equalTo("x\n"));
  }
}
