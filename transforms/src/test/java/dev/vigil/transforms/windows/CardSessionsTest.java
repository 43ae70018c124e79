package dev.vigil.transforms.windows;

import static dev.vigil.testing.Txns.MINUTE;
import static dev.vigil.testing.Txns.T0;
import static dev.vigil.testing.Txns.decided;
import static dev.vigil.testing.Txns.txn;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import dev.vigil.model.CardSession;
import dev.vigil.model.DecidedTransaction;
import dev.vigil.model.DecidedTransactionCoder;
import dev.vigil.testing.CollectInJvm;
import dev.vigil.testing.TestPipelineExtension;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(TestPipelineExtension.class)
class CardSessionsTest {

  static TimestampedValue<DecidedTransaction> at(
      String id, String card, double amount, long time, double score) {
    return TimestampedValue.of(decided(txn(id, card, "m", amount, time), score), new Instant(time));
  }

  static CardSession session(
      String card, long start, long end, long count, double sum, double max, String timing) {
    return CardSession.builder()
        .setCardId(card)
        .setSessionStartMillis(start)
        .setSessionEndMillis(end)
        .setTxnCount(count)
        .setAmountSum(sum)
        .setMaxScore(max)
        .setPaneTiming(timing)
        .build();
  }

  static IntervalWindow window(long start, long end) {
    return new IntervalWindow(new Instant(start), new Instant(end));
  }

  /**
   * Two cards; c1's closed session merges with a transaction whose own window is still open, then
   * gets a late transaction within the lateness, then one beyond it.
   */
  static TestStream<DecidedTransaction> lateDataStream() {
    return TestStream.create(DecidedTransactionCoder.of())
        .addElements(at("s1", "c1", 10, T0, 0.25), at("s2", "c1", 20, T0 + 10 * MINUTE, 0.5))
        .addElements(at("q1", "c2", 7, T0 + 5 * MINUTE, 0.125))
        // c1's session [T0, T0+40m) and c2's [T0+5m, T0+35m) close.
        .advanceWatermarkTo(new Instant(T0 + 41 * MINUTE))
        // Its own window [T0+35m, T0+65m) is still open: it merges with c1's closed session.
        .addElements(at("s3", "c1", 5, T0 + 35 * MINUTE, 0.75))
        // Past the merged session's end (T0+65m), still within s4's lateness (T0+70m).
        .advanceWatermarkTo(new Instant(T0 + 66 * MINUTE))
        // Window [T0+30m, T0+60m) is behind the watermark: late, within the 10 min lateness.
        .addElements(at("s4", "c1", 3, T0 + 30 * MINUTE, 0.9375))
        .advanceWatermarkTo(new Instant(T0 + 180 * MINUTE))
        // Behind the watermark by more than gap + allowed lateness: dropped.
        .addElements(at("s5", "c1", 1000, T0 + 20 * MINUTE, 1.0))
        .advanceWatermarkToInfinity();
  }

  @Test
  void sessionsCloseOnTheWatermarkMergeWithLateDataAndDropTooLateData(TestPipeline p)
      throws Exception {
    PCollection<CardSession> out = p.apply(lateDataStream()).apply(CardSessions.create());

    PAssert.that(out)
        .inOnTimePane(window(T0, T0 + 40 * MINUTE))
        .containsInAnyOrder(session("c1", T0, T0 + 10 * MINUTE, 2, 30, 0.5, "ON_TIME"));
    PAssert.that(out)
        .inOnTimePane(window(T0 + 5 * MINUTE, T0 + 35 * MINUTE))
        .containsInAnyOrder(
            session("c2", T0 + 5 * MINUTE, T0 + 5 * MINUTE, 1, 7, 0.125, "ON_TIME"));
    // The merged session fires when the watermark passes its new end, then once for s4, late.
    PAssert.that(out)
        .inWindow(window(T0, T0 + 65 * MINUTE))
        .containsInAnyOrder(
            session("c1", T0, T0 + 35 * MINUTE, 3, 35, 0.75, "ON_TIME"),
            session("c1", T0, T0 + 35 * MINUTE, 4, 38, 0.9375, "LATE"));
    p.run().waitUntilFinish();
  }

  /** The stream of the test above: every pane either layout must output, by value. */
  @ParameterizedTest
  @EnumSource(CardSessions.Layout.class)
  void bothLayoutsFireTheSamePanesAndDropTheSameLateData(
      CardSessions.Layout layout, TestPipeline p) {
    PCollection<CardSession> out =
        p.apply(lateDataStream()).apply(CardSessions.create().withLayout(layout));
    PAssert.that(out)
        .containsInAnyOrder(
            session("c1", T0, T0 + 10 * MINUTE, 2, 30, 0.5, "ON_TIME"),
            session("c2", T0 + 5 * MINUTE, T0 + 5 * MINUTE, 1, 7, 0.125, "ON_TIME"),
            session("c1", T0, T0 + 35 * MINUTE, 3, 35, 0.75, "ON_TIME"),
            session("c1", T0, T0 + 35 * MINUTE, 4, 38, 0.9375, "LATE"));
    p.run().waitUntilFinish();
  }

  /**
   * A random stream per seed (six cards over ten hours, a quarter of the transactions arriving up
   * to an hour late, the watermark a minute behind arrivals): late transactions extend, bridge and
   * start sessions, some are dropped. Both layouts run on the same stream and must output the same
   * panes.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void bothLayoutsAgreeOnRandomLateStreams(long seed, TestPipeline p) {
    PCollection<DecidedTransaction> in = p.apply(RandomLateStream.of(seed, 6, 10 * 60, 60));
    String run = "seed" + seed;
    for (CardSessions.Layout layout : CardSessions.Layout.values()) {
      in.apply(
              layout.name(),
              CardSessions.create()
                  .withGap(Duration.standardMinutes(30))
                  .withAllowedLateness(Duration.standardMinutes(10))
                  .withLayout(layout))
          .apply(layout.name() + "Collect", ParDo.of(new CollectInJvm<>(run + layout)));
    }
    p.run().waitUntilFinish();
    List<String> windowed = CollectInJvm.sorted(run + CardSessions.Layout.WINDOWED);
    assertThat(windowed.size(), greaterThan(10));
    assertThat(
        "the stream has late panes",
        windowed.stream().anyMatch(pane -> pane.contains("LATE")),
        equalTo(true));
    assertThat(CollectInJvm.sorted(run + CardSessions.Layout.STATEFUL), equalTo(windowed));
  }
}
