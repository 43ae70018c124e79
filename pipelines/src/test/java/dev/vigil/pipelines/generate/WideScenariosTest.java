package dev.vigil.pipelines.generate;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.transforms.features.Haversine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The WIDE scenario ranges hold what they promise, beyond BROAD's; TRAINING is unchanged. */
class WideScenariosTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static Map<String, List<JsonNode>> byCard(List<String> lines) throws Exception {
    Map<String, List<JsonNode>> out = new HashMap<>();
    for (String line : lines) {
      JsonNode n = MAPPER.readTree(line);
      out.computeIfAbsent(n.get("card_id").asText(), c -> new ArrayList<>()).add(n);
    }
    return out;
  }

  private static long millis(JsonNode n) {
    return Instant.parse(n.get("event_time").asText()).toEpochMilli();
  }

  @Test
  void wideScenariosKeepTheirPromises() throws Exception {
    List<String> lines =
        TransactionGenerator.builder()
            .seed(5)
            .transactions(20_000)
            .cards(500)
            .days(14)
            .scenarioRanges(ScenarioRanges.WIDE)
            .build()
            .lines();
    int spikes = 0;
    int travels = 0;
    for (List<JsonNode> card : byCard(lines).values()) {
      for (int i = 0; i < card.size(); i++) {
        JsonNode t = card.get(i);
        String scenario = t.get("scenario").asText();
        if (scenario.equals("AMOUNT_SPIKE")) {
          spikes++;
          // A quiet day before: no legitimate purchase of this card in the previous 24 h.
          for (int j = 0; j < i; j++) {
            JsonNode p = card.get(j);
            boolean legit = p.get("scenario").asText().startsWith("LEGIT");
            if (legit && millis(t) - millis(p) < 86_400_000L) {
              throw new AssertionError("legitimate purchase within a day before a spike: " + p);
            }
          }
        }
        if (scenario.equals("IMPOSSIBLE_TRAVEL")) {
          travels++;
          // Its local purchase: 1-6 h earlier, too far for a plane, online purchases after it
          // (other legitimate purchases of the card may fall in between too).
          boolean found = false;
          for (int j = i - 1; j >= 0 && !found; j--) {
            JsonNode p = card.get(j);
            long gap = millis(t) - millis(p);
            if (gap > 21_600_000L) {
              break;
            }
            if (!p.has("lat") || gap < 3_600_000L) {
              continue;
            }
            double km =
                Haversine.km(
                    p.get("lat").asDouble(),
                    p.get("lon").asDouble(),
                    t.get("lat").asDouble(),
                    t.get("lon").asDouble());
            long online = card.subList(j + 1, i).stream().filter(n -> !n.has("lat")).count();
            found = km / (gap / 3_600_000.0) > WideScenarios.MAX_PLAUSIBLE_KMH * 0.9 && online >= 1;
          }
          assertThat("impossible travel with its local purchase 1-6 h before: " + t, found);
        }
      }
    }
    assertThat(spikes, greaterThan(20));
    assertThat(travels, greaterThan(20));
  }

  @Test
  void wideReachesBeyondBroadOnEveryAxis() {
    WideScenarios.Spread b = WideScenarios.BROAD;
    WideScenarios.Spread w = WideScenarios.WIDE;
    // The shipped model trains on BROAD; the robustness stream (WIDE) must go past it everywhere.
    assertThat(w.testingMax() > b.testingMax(), equalTo(true));
    assertThat(w.testingMaxAmount() > b.testingMaxAmount(), equalTo(true));
    assertThat(w.testingMaxGapMs() > b.testingMaxGapMs(), equalTo(true));
    assertThat(w.travelMaxGapMs() > b.travelMaxGapMs(), equalTo(true));
    assertThat(w.onlineMax() > b.onlineMax(), equalTo(true));
    assertThat(w.spikeMin() < b.spikeMin() && w.spikeMax() > b.spikeMax(), equalTo(true));
    assertThat(w.quietMaxDays() > b.quietMaxDays(), equalTo(true));
    List<String> broad =
        TransactionGenerator.builder()
            .seed(3)
            .transactions(10_000)
            .cards(300)
            .days(10)
            .scenarioRanges(ScenarioRanges.BROAD)
            .build()
            .lines();
    long scenarios = broad.stream().filter(l -> !l.contains("\"LEGIT")).count();
    assertThat(scenarios, greaterThan(100L));
  }

  @Test
  void trainingRangesStillMakeTheCheckedInDemoStream() throws Exception {
    // testdata/README.md: --transactions=4000 --cards=250 --days=3 --malformedRate=0.01 --seed=7
    List<String> regenerated =
        TransactionGenerator.builder()
            .seed(7)
            .transactions(4_000)
            .cards(250)
            .days(3)
            .malformedRate(0.01)
            .scenarioRanges(ScenarioRanges.TRAINING)
            .build()
            .lines();
    assertThat(
        regenerated,
        equalTo(Files.readAllLines(Path.of("..", "testdata", "sample", "transactions.jsonl"))));
  }
}
