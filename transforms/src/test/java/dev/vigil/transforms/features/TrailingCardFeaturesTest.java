package dev.vigil.transforms.features;

import static dev.vigil.testing.Txns.HOUR;
import static dev.vigil.testing.Txns.MINUTE;
import static dev.vigil.testing.Txns.T0;
import static dev.vigil.testing.Txns.txn;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.model.CardFeatures;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.Transaction;
import dev.vigil.model.TransactionCoder;
import dev.vigil.testing.PipelineMetrics;
import dev.vigil.testing.TestPipelineExtension;
import dev.vigil.testing.Txns;
import dev.vigil.transforms.WithDeadLetters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(TestPipelineExtension.class)
class TrailingCardFeaturesTest {

  private static Coder<Transaction> coder(TestPipeline p) throws NoSuchSchemaException {
    return TransactionCoder.of();
  }

  /** Asserts the features of every output against expectations, and its lateness flag. */
  private static SerializableFunction<Iterable<FeaturedTransaction>, Void> matches(
      Map<String, CardFeatures> expected, Map<String, Boolean> late) {
    return outputs -> {
      Map<String, FeaturedTransaction> byId = new HashMap<>();
      for (FeaturedTransaction f : outputs) {
        byId.put(f.getTransaction().getTransactionId(), f);
      }
      assertThat("ids", byId.keySet(), equalTo(expected.keySet()));
      for (Map.Entry<String, CardFeatures> e : expected.entrySet()) {
        FeaturedTransaction f = byId.get(e.getKey());
        CardHistoryTest.assertFeatures(e.getKey(), f.getFeatures(), e.getValue());
        assertThat(e.getKey() + " late", f.isLate(), equalTo(late.getOrDefault(e.getKey(), false)));
      }
      return null;
    };
  }

  private static List<Transaction> scenario() {
    List<Transaction> all = new ArrayList<>(FeatureScenario.CARD_A);
    all.addAll(FeatureScenario.CARD_B);
    return all;
  }

  static final class TimestampIsEventTimeFn extends DoFn<FeaturedTransaction, Boolean> {
    @ProcessElement
    public void process(
        @Element FeaturedTransaction f, @Timestamp Instant ts, OutputReceiver<Boolean> o) {
      o.output(ts.getMillis() == f.getTransaction().getEventTimeMillis());
    }
  }

  @Test
  void batchPathIsExactWhateverTheInputOrder(TestPipeline p) throws Exception {
    List<Transaction> shuffled = scenario();
    Collections.shuffle(shuffled, new Random(7));
    Collections.reverse(shuffled);
    WithDeadLetters<FeaturedTransaction> out =
        p.apply(Create.of(shuffled).withCoder(coder(p))).apply(TrailingCardFeatures.create());
    PAssert.that(out.output()).satisfies(matches(FeatureScenario.expected(), Map.of()));
    PAssert.that(out.deadLetters()).empty();
    // Outputs carry the transaction's event time as their timestamp.
    PAssert.that(out.output().apply(ParDo.of(new TimestampIsEventTimeFn())))
        .containsInAnyOrder(Collections.nCopies(shuffled.size(), true));
    p.run().waitUntilFinish();
  }

  @ParameterizedTest
  @EnumSource(
      value = TrailingCardFeatures.Mode.class,
      names = {"AUTO", "STATEFUL_NO_TIMER"})
  void streamingPathIsExactWhenCardsArriveInOrder(TrailingCardFeatures.Mode mode, TestPipeline p)
      throws Exception {
    TestStream.Builder<Transaction> stream = TestStream.create(coder(p));
    // In (event time, id) order per card; the two cards interleave.
    List<Transaction> ordered = scenario();
    ordered.sort(
        Comparator.comparingLong(Transaction::getEventTimeMillis)
            .thenComparing(Transaction::getTransactionId));
    for (Transaction t : ordered) {
      stream = stream.addElements(TimestampedValue.of(t, new Instant(t.getEventTimeMillis())));
    }
    WithDeadLetters<FeaturedTransaction> out =
        p.apply(stream.advanceWatermarkToInfinity())
            .apply(TrailingCardFeatures.create().withMode(mode));
    PAssert.that(out.output()).satisfies(matches(FeatureScenario.expected(), Map.of()));
    p.run().waitUntilFinish();
  }

  @ParameterizedTest
  @EnumSource(
      value = TrailingCardFeatures.Mode.class,
      names = {"AUTO", "STATEFUL_NO_TIMER"})
  void streamingMarksOutOfOrderArrivalLateAndScoresItFromStateSeen(
      TrailingCardFeatures.Mode mode, TestPipeline p) throws Exception {
    Transaction y1 = txn("y1", "Y", "m1", 10, T0);
    Transaction y3 = txn("y3", "Y", "m3", 30, T0 + 20 * MINUTE);
    Transaction y2 = txn("y2", "Y", "m2", 20, T0 + 10 * MINUTE);
    Transaction y4 = txn("y4", "Y", "m4", 40, T0 + 30 * MINUTE);
    TestStream<Transaction> stream =
        TestStream.create(coder(p))
            .addElements(at(y1), at(y3))
            .addElements(at(y2))
            .addElements(at(y4))
            .advanceWatermarkToInfinity();
    WithDeadLetters<FeaturedTransaction> out =
        p.apply(stream).apply(TrailingCardFeatures.create().withMode(mode));
    Map<String, CardFeatures> expected = new HashMap<>();
    expected.put("y1", Txns.features(10, 0, 0, 0, 1, 86400, 0, 0, 0));
    // y3 arrived before y2: only y1 precedes it in the state seen.
    expected.put("y3", Txns.features(30, 1, 1, 10, 3, 1200, 0, 0, 1));
    // y2 arrived after y3: late; y3 is held but comes later, so only y1 counts.
    expected.put("y2", Txns.features(20, 1, 1, 10, 2, 600, 0, 0, 1));
    // y4 sees all three: exact again.
    expected.put("y4", Txns.features(40, 3, 3, 20, 2, 600, 0, 0, 3));
    PAssert.that(out.output()).satisfies(matches(expected, Map.of("y2", true)));
    p.run().waitUntilFinish();
  }

  @Test
  void batchPathGivesExactValuesForTheSameOutOfOrderInput(TestPipeline p) throws Exception {
    List<Transaction> arrival =
        List.of(
            txn("y1", "Y", "m1", 10, T0),
            txn("y3", "Y", "m3", 30, T0 + 20 * MINUTE),
            txn("y2", "Y", "m2", 20, T0 + 10 * MINUTE));
    WithDeadLetters<FeaturedTransaction> out =
        p.apply(Create.of(arrival).withCoder(coder(p))).apply(TrailingCardFeatures.create());
    Map<String, CardFeatures> expected = new HashMap<>();
    expected.put("y1", Txns.features(10, 0, 0, 0, 1, 86400, 0, 0, 0));
    expected.put("y2", Txns.features(20, 1, 1, 10, 2, 600, 0, 0, 1));
    expected.put("y3", Txns.features(30, 2, 2, 15, 2, 600, 0, 0, 2));
    PAssert.that(out.output()).satisfies(matches(expected, Map.of()));
    p.run().waitUntilFinish();
  }

  @Test
  void streamingStateIsClearedAfter24HoursOfSilence(TestPipeline p) throws Exception {
    Transaction z1 = txn("z1", "Z", "m1", 10, T0);
    // Arrives after the watermark passed z1 + 24 h, with an event time 1 minute after z1. Had the
    // state been kept, z1 would count in its 1 h window and make it late-free with count 1.
    Transaction z2 = txn("z2", "Z", "m2", 20, T0 + MINUTE);
    TestStream<Transaction> stream =
        TestStream.create(coder(p))
            .addElements(at(z1))
            .advanceWatermarkTo(new Instant(T0 + 24 * HOUR + 1))
            .addElements(at(z2))
            .advanceWatermarkToInfinity();
    WithDeadLetters<FeaturedTransaction> out = p.apply(stream).apply(TrailingCardFeatures.create());
    Map<String, CardFeatures> expected = new HashMap<>();
    expected.put("z1", Txns.features(10, 0, 0, 0, 1, 86400, 0, 0, 0));
    expected.put("z2", Txns.features(20, 0, 0, 0, 1, 86400, 0, 0, 0));
    PAssert.that(out.output()).satisfies(matches(expected, Map.of()));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    // z1's expiry fired once; z2's own expiry fires again at the end of the stream.
    assertThat(counter(result, "card_state_expired"), equalTo(2L));
  }

  @Test
  void expiryTimerSetBeforeTheCardsLastTransactionDoesNotClearItsState(TestPipeline p)
      throws Exception {
    // The expiry timer is set 24 h after w1 and left there when w2 arrives; when it fires the card
    // has been silent only 4 h, so the state stays (timer moved to w2 + 24 h) and w3 sees w2.
    Transaction w1 = txn("w1", "W", "m1", 10, T0);
    Transaction w2 = txn("w2", "W", "m2", 20, T0 + 20 * HOUR);
    Transaction w3 = txn("w3", "W", "m3", 40, T0 + 30 * HOUR);
    TestStream<Transaction> stream =
        TestStream.create(coder(p))
            .addElements(at(w1), at(w2))
            .advanceWatermarkTo(new Instant(T0 + 24 * HOUR + 1))
            .addElements(at(w3))
            .advanceWatermarkToInfinity();
    WithDeadLetters<FeaturedTransaction> out = p.apply(stream).apply(TrailingCardFeatures.create());
    Map<String, CardFeatures> expected = new HashMap<>();
    expected.put("w1", Txns.features(10, 0, 0, 0, 1, 86400, 0, 0, 0));
    expected.put("w2", Txns.features(20, 0, 1, 10, 2, 20 * 3600, 0, 0, 0));
    expected.put("w3", Txns.features(40, 0, 1, 20, 2, 10 * 3600, 0, 0, 0));
    PAssert.that(out.output()).satisfies(matches(expected, Map.of()));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    // Cleared once, at the end of the stream; not when the first timer fired.
    assertThat(counter(result, "card_state_expired"), equalTo(1L));
  }

  @Test
  void untimedStateOutlivesSilenceAndIsTrimmedByTheCardsNextTransaction(TestPipeline p)
      throws Exception {
    // The scenario of the test above, without the timer: z1's state survives the watermark, so
    // z2 (whose event time is 1 minute after z1, arriving after 24 h of watermark) still sees it.
    // That is the only difference from STATEFUL: it shows for a transaction that arrives after
    // the watermark passed its card's newest transaction + 24 h.
    Transaction z1 = txn("z1", "Z", "m1", 10, T0);
    Transaction z2 = txn("z2", "Z", "m2", 20, T0 + MINUTE);
    // A transaction 25 h after z2 finds z1 and z2 trimmed from the state, as in STATEFUL.
    Transaction z3 = txn("z3", "Z", "m3", 30, T0 + 25 * HOUR + MINUTE);
    TestStream<Transaction> stream =
        TestStream.create(coder(p))
            .addElements(at(z1))
            .advanceWatermarkTo(new Instant(T0 + 24 * HOUR + 1))
            .addElements(at(z2))
            .addElements(at(z3))
            .advanceWatermarkToInfinity();
    WithDeadLetters<FeaturedTransaction> out =
        p.apply(stream)
            .apply(
                TrailingCardFeatures.create()
                    .withMode(TrailingCardFeatures.Mode.STATEFUL_NO_TIMER));
    Map<String, CardFeatures> expected = new HashMap<>();
    expected.put("z1", Txns.features(10, 0, 0, 0, 1, 86400, 0, 0, 0));
    expected.put("z2", Txns.features(20, 1, 1, 10, 2, 60, 0, 0, 1));
    expected.put("z3", Txns.features(30, 0, 0, 0, 1, 86400, 0, 0, 0));
    PAssert.that(out.output()).satisfies(matches(expected, Map.of()));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertThat(counter(result, "card_state_expired"), equalTo(0L));
  }

  @Test
  void duplicateTransactionIdsGoToDeadLettersInBothModes(TestPipeline p) throws Exception {
    Transaction d1 = txn("d1", "D", "m1", 10, T0);
    Transaction replay = txn("d1", "D", "m1", 10, T0);
    Transaction d2 = txn("d2", "D", "m1", 5, T0 + MINUTE);
    WithDeadLetters<FeaturedTransaction> batch =
        p.apply("Bounded", Create.of(d1, replay, d2).withCoder(coder(p)))
            .apply("BatchFeatures", TrailingCardFeatures.create());
    TestStream<Transaction> stream =
        TestStream.create(coder(p))
            .addElements(at(d1), at(replay), at(d2))
            .advanceWatermarkToInfinity();
    WithDeadLetters<FeaturedTransaction> streaming =
        p.apply("Unbounded", stream).apply("StreamFeatures", TrailingCardFeatures.create());
    for (WithDeadLetters<FeaturedTransaction> out : List.of(batch, streaming)) {
      String mode = out == batch ? "Batch" : "Stream";
      PAssert.that(
              out.deadLetters()
                  .apply(
                      mode + "DeadLetterReasons",
                      MapElements.into(TypeDescriptors.strings())
                          .via((DeadLetter d) -> d.getStage() + "|" + d.getError())))
          .containsInAnyOrder("features|duplicate transaction_id d1 for card D");
      PAssert.that(
              out.output()
                  .apply(
                      mode + "IdAndCount",
                      MapElements.into(TypeDescriptors.strings())
                          .via(
                              (FeaturedTransaction f) ->
                                  f.getTransaction().getTransactionId()
                                      + ":"
                                      + f.getFeatures().getCount1h())))
          .containsInAnyOrder("d1:0", "d2:1");
    }
    p.run().waitUntilFinish();
  }

  @Test
  void sortedModeRefusesUnboundedInput(TestPipeline p) throws Exception {
    p.enableAbandonedNodeEnforcement(false);
    PCollection<Transaction> unbounded =
        p.apply(TestStream.create(coder(p)).advanceWatermarkToInfinity());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                unbounded.apply(
                    TrailingCardFeatures.create().withMode(TrailingCardFeatures.Mode.SORTED)));
    assertThat(e.getMessage(), containsString("needs a bounded input"));
  }

  private static TimestampedValue<Transaction> at(Transaction t) {
    return TimestampedValue.of(t, new Instant(t.getEventTimeMillis()));
  }

  static long counter(PipelineResult result, String name) {
    return PipelineMetrics.counter(result, TrailingCardFeatures.METRICS_NAMESPACE, name);
  }
}
