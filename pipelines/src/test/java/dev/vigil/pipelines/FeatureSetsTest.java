package dev.vigil.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.model.FeatureSet;
import dev.vigil.modelloader.FeatureManifest;
import dev.vigil.modelloader.LinearTestModels;
import dev.vigil.pipelines.generate.GenerateTransactions;
import dev.vigil.pipelines.generate.TransactionGenerator;
import dev.vigil.testing.TestPipelineExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** --featureSet resolution, and a v2 model served end to end with a labels file. */
@ExtendWith(TestPipelineExtension.class)
class FeatureSetsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Path v2Model(Path base) throws Exception {
    float[] w = new float[FeatureSet.V2.names().size()];
    w[0] = 0.01f; // amount
    w[w.length - 2] = 3f; // merchant_risk_30d
    LinearTestModels.export(base, 1, FeatureSet.V2.names(), w, -4f);
    return base;
  }

  private static FraudDetectionOptions options(Path modelDir, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--modelDir=" + modelDir);
    return PipelineOptionsFactory.fromArgs(all.toArray(new String[0]))
        .as(FraudDetectionOptions.class);
  }

  @Test
  void autoPicksTheSetOfTheNewestModel(@TempDir Path dir) throws Exception {
    assertThat(FeatureSets.resolve(options(PipelineChecks.V1_MODEL)), equalTo(FeatureSet.V1));
    assertThat(FeatureSets.resolve(options(PipelineChecks.SHIPPED_MODEL)), equalTo(FeatureSet.V2));
    Path base = v2Model(dir.resolve("models"));
    assertThat(FeatureSets.resolve(options(base)), equalTo(FeatureSet.V2));
    // A manifest that names its set is taken at its word.
    Path v2 = base.resolve("2");
    Files.createDirectories(v2);
    new FeatureManifest("v2", List.of("amount"), "features", "score", null, null).write(v2);
    assertThat(FeatureSets.resolve(options(base)), equalTo(FeatureSet.V2));
    assertThat(FeatureSets.resolve(options(dir.resolve("nothing-here"))), equalTo(FeatureSet.V1));
  }

  @Test
  void anExplicitSetMissingWhatTheModelNeedsFailsFast(@TempDir Path dir) throws Exception {
    Path base = v2Model(dir.resolve("models"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FeatureSets.resolve(options(base, "--featureSet=V1")));
    assertThat(e.getMessage(), containsString("--featureSet=V1 does not compute [count_7d,"));
    assertThat(FeatureSets.resolve(options(base, "--featureSet=V2")), equalTo(FeatureSet.V2));
    // Computing more than a v1 model reads is fine: it picks its nine.
    assertThat(
        FeatureSets.resolve(options(PipelineChecks.V1_MODEL, "--featureSet=V2")),
        equalTo(FeatureSet.V2));
  }

  /**
   * The feedback inputs from files, in one bounded run: labels make the v2 merchant risk, and a
   * card's transactions from its block's time until its unblock are decided BLOCK with reason
   * card_blocked first (an alert each), its others are not; a malformed label and a malformed card
   * action become dead letters.
   */
  @Test
  void aV2ModelScoresWithLabelsAndCardActionsFromFiles(TestPipeline p, @TempDir Path dir)
      throws Exception {
    Path input = dir.resolve("in.jsonl");
    List<String> lines =
        TransactionGenerator.builder()
            .seed(5)
            .transactions(800)
            .cards(40)
            .days(10)
            .fraudRate(0.1)
            .build()
            .lines();
    GenerateTransactions.write(lines, input);
    // Every transaction's label, known two days later; and one malformed label.
    List<String> labels = new ArrayList<>();
    for (String line : lines) {
      JsonNode n = JSON.readTree(line);
      ObjectNode l = JSON.createObjectNode();
      l.set("transaction_id", n.get("transaction_id"));
      l.set("merchant_id", n.get("merchant_id"));
      l.set("label", n.get("label"));
      l.set("event_time", n.get("event_time"));
      l.put(
          "labelled_at",
          java.time.Instant.parse(n.get("event_time").asText()).plusSeconds(2 * 86_400).toString());
      labels.add(l.toString());
    }
    labels.add("{\"transaction_id\":\"x\",\"merchant_id\":\"m\",\"label\":\"yes\"}");
    Path labelsFile = dir.resolve("labels.jsonl");
    Files.write(labelsFile, labels);
    // card-00007 blocked from its third transaction until its second-to-last.
    List<String> card = new ArrayList<>();
    for (String line : lines) {
      JsonNode n = JSON.readTree(line);
      if (n.path("card_id").asText().equals("card-00007")) {
        card.add(n.get("event_time").asText());
      }
    }
    card.sort(null);
    String blockAt = card.get(2);
    String unblockAt = card.get(card.size() - 2);
    Path actionsFile = dir.resolve("card-actions.jsonl");
    Files.write(
        actionsFile,
        List.of(
            "{\"card_id\":\"card-00007\",\"action\":\"BLOCK\",\"at\":\"" + blockAt + "\"}",
            "{\"card_id\":\"card-00007\",\"action\":\"UNBLOCK\",\"at\":\"" + unblockAt + "\"}",
            "{\"card_id\":\"card-00007\",\"action\":\"FREEZE\",\"at\":\"" + blockAt + "\"}"));

    FraudDetectionOptions o = PipelineChecks.wholePipelineOptions(p);
    o.setInputFile(input.toString());
    o.setLabelsFile(labelsFile.toString());
    o.setCardActionsFile(actionsFile.toString());
    o.setOutputDir(dir.resolve("out").toString());
    o.setModelDir(v2Model(dir.resolve("models")).toString());
    FraudDetectionPipeline.build(p, o);
    p.run().waitUntilFinish();

    List<JsonNode> scored = PipelineOutputs.read(dir.resolve("out"), "scored");
    assertThat(scored, hasSize(lines.size()));
    long withRisk = 0;
    for (JsonNode s : scored) {
      assertThat(s.get("features").size(), equalTo(FeatureSet.V2.names().size()));
      withRisk += s.get("features").get("merchant_risk_30d").asDouble() > 0 ? 1 : 0;
    }
    assertThat(withRisk, greaterThan(50L));
    Map<String, JsonNode> alerts = new HashMap<>();
    for (JsonNode a : PipelineOutputs.read(dir.resolve("out"), "alerts")) {
      alerts.put(a.get("transaction_id").asText(), a);
    }
    int blocked = 0;
    for (JsonNode s : scored) {
      if (!s.get("card_id").asText().equals("card-00007")) {
        continue;
      }
      String time = s.get("event_time").asText();
      JsonNode alert = alerts.get(s.get("transaction_id").asText());
      String first = alert == null ? "" : alert.get("reasons").path(0).asText();
      if (time.compareTo(blockAt) >= 0 && time.compareTo(unblockAt) < 0) {
        blocked++;
        assertThat(time, s.get("decision").asText(), equalTo("BLOCK"));
        assertThat(time, first, equalTo("card_blocked"));
      } else {
        assertThat(time, first.equals("card_blocked"), equalTo(false));
      }
    }
    assertThat(blocked, equalTo(card.size() - 4));
    assertThat(blocked, greaterThan(5));
    List<JsonNode> dead = PipelineOutputs.read(dir.resolve("out"), "deadletter");
    assertThat(dead, hasSize(2));
    Map<String, String> errors = new HashMap<>();
    dead.forEach(d -> errors.put(d.get("stage").asText(), d.get("error").asText()));
    assertThat(errors.get("labels"), containsString("event_time"));
    assertThat(
        errors.get("card_actions"), equalTo("action must be BLOCK or UNBLOCK, got 'FREEZE'"));
  }
}
