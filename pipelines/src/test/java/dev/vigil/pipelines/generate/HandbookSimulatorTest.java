package dev.vigil.pipelines.generate;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;

import dev.vigil.transforms.parse.TransactionJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Handbook simulator: valid contract records, the book's fraud rules, deterministic. */
class HandbookSimulatorTest {
  @Test
  void simulatesTheBooksScenariosAsValidRecords(@TempDir Path dir) throws Exception {
    HandbookSimulator sim = HandbookSimulator.of(7, 500, 1_000, 60).simulate();
    // About 500 customers x 2 per day (mean of U[0,4]) x 60 days, less those without a terminal
    // nearby and the times drawn outside the day.
    assertThat(sim.size(), both(greaterThan(40_000)).and(lessThan(65_000)));
    Map<String, Integer> byScenario = new HashMap<>();
    int frauds = 0;
    for (int i = 0; i < sim.size(); i++) {
      byScenario.merge(sim.scenario(i), 1, Integer::sum);
      frauds += sim.label(i);
      if (sim.amount(i) > 220 && sim.scenario(i).equals("LEGIT")) {
        throw new AssertionError("amount over 220 not fraud: " + sim.line(i));
      }
      if (i > 0) {
        assertThat(sim.dayOf(i) >= sim.dayOf(i - 1), equalTo(true));
      }
    }
    for (String s : HandbookSimulator.SCENARIOS) {
      assertThat(s + " present", byScenario.getOrDefault(s, 0), greaterThan(0));
    }
    // The book's fraud share is under 1 %; at this size the terminals weigh more (fewer of them).
    double share = frauds / (double) sim.size();
    // (2 of 1,000 terminals a day for 28 days: about 6 %; the book has 2 of 10,000).
    assertThat(share, both(greaterThan(0.002)).and(lessThan(0.1)));

    Path file = dir.resolve("hb.jsonl");
    long written = sim.write(file, 10, 20);
    List<String> lines = Files.readAllLines(file);
    assertThat((long) lines.size(), equalTo(written));
    for (String line : lines) {
      new TransactionJson(TransactionJson.DEFAULT_MAX_RECORD_BYTES)
          .parse(line); // throws if invalid
    }
    // Same seed, same stream.
    HandbookSimulator again = HandbookSimulator.of(7, 500, 1_000, 60).simulate();
    assertThat(again.size(), equalTo(sim.size()));
    for (int i = 0; i < sim.size(); i += 997) {
      assertThat(again.line(i), equalTo(sim.line(i)));
    }
  }
}
