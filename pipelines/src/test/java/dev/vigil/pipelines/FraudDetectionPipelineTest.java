package dev.vigil.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.model.DeadLetter;
import dev.vigil.pipelines.generate.GenerateTransactions;
import dev.vigil.pipelines.generate.TransactionGenerator;
import dev.vigil.testing.TestPipelineExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class FraudDetectionPipelineTest {

  @Test
  void wholePipelineOverAGeneratedFileMatchesTheReference(TestPipeline p, @TempDir Path dir)
      throws Exception {
    Path input = dir.resolve("in.jsonl");
    GenerateTransactions.write(
        TransactionGenerator.builder()
            .seed(11)
            .transactions(500)
            .cards(40)
            .days(1)
            .malformedRate(0.04)
            .build()
            .lines(),
        input);
    FraudDetectionOptions options = PipelineChecks.wholePipelineOptions(p);
    options.setInputFile(input.toString());
    options.setOutputDir(dir.resolve("out").toString());
    options.setModelDir(PipelineChecks.SHIPPED_MODEL.toString());
    FraudDetectionPipeline.build(p, options);
    PipelineResult result = p.run();
    result.waitUntilFinish();
    PipelineChecks.assertRunMatchesInput(input, dir.resolve("out"), 10, 1, 30);
    // The run summary counts each record kind once, from the outputs router, whatever the sinks.
    RunSummary summary = RunSummary.of(result, 0);
    assertThat(summary.scored(), equalTo(PipelineChecks.countLines(dir.resolve("out"), "scored")));
    assertThat(summary.alerts(), equalTo(PipelineChecks.countLines(dir.resolve("out"), "alerts")));
    assertThat(
        summary.deadLetters(),
        equalTo(PipelineChecks.countLines(dir.resolve("out"), "deadletter")));
  }

  /**
   * A v1 model keeps giving the outputs it gave before feature sets existed: the sample scored by
   * {@code testdata/model-v1} (the model shipped until then) matches, transaction by transaction,
   * what {@code ./vigil demo} wrote at commit 5d4daaa ({@code testdata/golden}).
   */
  @Test
  void aV1ModelGivesTheOutputsItGaveBeforeFeatureSets(TestPipeline p, @TempDir Path dir)
      throws Exception {
    FraudDetectionOptions options = PipelineChecks.wholePipelineOptions(p);
    options.setInputFile(
        PipelineChecks.ROOT.resolve("testdata/sample/transactions.jsonl").toString());
    options.setOutputDir(dir.resolve("out").toString());
    options.setModelDir(PipelineChecks.V1_MODEL.toString());
    FraudDetectionPipeline.build(p, options);
    p.run().waitUntilFinish();

    Map<String, String[]> golden = new HashMap<>();
    for (String line :
        Files.readAllLines(
            PipelineChecks.ROOT.resolve("testdata/golden/v1-sample-decisions.csv"))) {
      if (!line.startsWith("#") && !line.startsWith("transaction_id,")) {
        String[] f = line.split(",", -1);
        golden.put(f[0], f);
      }
    }
    Map<String, String> reasons = new HashMap<>();
    for (JsonNode a : PipelineOutputs.read(dir.resolve("out"), "alerts")) {
      List<String> r = new ArrayList<>();
      a.get("reasons").forEach(x -> r.add(x.asText()));
      reasons.put(a.get("transaction_id").asText(), String.join(";", r));
    }
    List<JsonNode> scored = PipelineOutputs.read(dir.resolve("out"), "scored");
    assertThat(scored.size(), equalTo(golden.size()));
    for (JsonNode s : scored) {
      String id = s.get("transaction_id").asText();
      String[] want = golden.get(id);
      assertThat(id + " in the golden file", want != null, equalTo(true));
      assertThat(id + " features", s.get("features").size(), equalTo(9));
      // Scores agree to float precision (a model call's arithmetic depends slightly on its batch).
      assertThat(
          id + " score", s.get("score").asDouble(), closeTo(Double.parseDouble(want[1]), 1e-6));
      assertThat(id + " decision", s.get("decision").asText(), equalTo(want[2]));
      assertThat(id + " reasons", reasons.getOrDefault(id, ""), equalTo(want[3]));
    }
  }

  @Test
  void buildingTheGraphLeavesTheOptionsAlone() {
    FraudDetectionOptions options =
        PipelineOptionsFactory.fromArgs(
                "--runner=FlinkRunner",
                "--streaming=true",
                "--source=KAFKA",
                "--outputs=KAFKA",
                "--modelDir=" + PipelineChecks.SHIPPED_MODEL,
                "--maxBatchWaitMillis=40")
            .as(FraudDetectionOptions.class);
    Pipeline pipeline = Pipeline.create(options);
    FraudDetectionPipeline.build(pipeline, options);
    // Only run() applies the runner fit (Flink's bundle time capped at the batch wait when every
    // output is Kafka).
    assertThat(options.as(FlinkPipelineOptions.class).getMaxBundleTimeMills(), equalTo(1000L));
    RunnerFit.applyTo(options, RunnerFit.resolve(options));
    assertThat(options.as(FlinkPipelineOptions.class).getMaxBundleTimeMills(), equalTo(40L));
  }

  @Test
  void missingInputFailsFastWithWhatToFix() {
    FraudDetectionOptions options = PipelineOptionsFactory.as(FraudDetectionOptions.class);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OptionsCheck.validate(options));
    assertThat(e.getMessage(), containsString("pass --inputFile=PATH"));
  }

  @Test
  void missingModelOrBadThresholdsFailFast() {
    FraudDetectionOptions options = PipelineOptionsFactory.as(FraudDetectionOptions.class);
    options.setInputFile("x.jsonl");
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> OptionsCheck.validate(options))
            .getMessage(),
        containsString("pass --modelDir=DIR"));
    options.setModelDir("m");
    options.setReviewThreshold(0.95);
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> OptionsCheck.validate(options))
            .getMessage(),
        containsString("0 <= --reviewThreshold <= --blockThreshold <= 1"));
  }

  @Test
  void deadLettersAreKeyedByTheirCardWhenItCanBeRead() {
    assertThat(
        KafkaSettings.deadLetterKey(
            DeadLetter.create(
                "{\"transaction_id\":\"t\",\"card_id\": \"card-7\",\"amount\":-1}",
                "amount must be >= 0",
                "parse",
                "kafka:t/0@5",
                1L)),
        equalTo("card-7"));
    assertThat(
        KafkaSettings.deadLetterKey(
            DeadLetter.create("{oops", "not valid JSON", "parse", "kafka:t/1@9", 1L)),
        equalTo("kafka:t/1@9"));
  }

  @Test
  void inconsistentWindowOptionsFailFast() {
    FraudDetectionOptions options = PipelineOptionsFactory.as(FraudDetectionOptions.class);
    options.setInputFile("x.jsonl");
    options.setModelDir("m");
    options.setMerchantWindowEveryMinutes(20);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OptionsCheck.validate(options));
    assertThat(
        e.getMessage(),
        containsString(
            "--merchantWindowEveryMinutes (20) must not exceed --merchantWindowMinutes (10)"));
  }
}
