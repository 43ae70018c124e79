package dev.vigil.transforms.features;

import static dev.vigil.testing.Txns.HOUR;
import static dev.vigil.testing.Txns.T0;
import static dev.vigil.testing.Txns.txn;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import dev.vigil.model.FeatureSet;
import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.Label;
import dev.vigil.model.RawRecord;
import dev.vigil.model.RawRecordCoder;
import dev.vigil.model.Transaction;
import dev.vigil.testing.CollectInJvm;
import dev.vigil.testing.TestPipelineExtension;
import dev.vigil.transforms.WithDeadLetters;
import dev.vigil.transforms.io.JsonFormat;
import dev.vigil.transforms.parse.ParseLabels;
import dev.vigil.transforms.parse.ParseTransactions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The v2 features end to end: card and merchant stages, labels, batch against streaming. */
@ExtendWith(TestPipelineExtension.class)
class MerchantFeaturesTest {
  private static final long DAY = CardHistory.DAY_MS;
  private static final long DAY_START = T0 - 10 * HOUR;

  static String labelJson(Label l) {
    return "{\"transaction_id\":\""
        + l.getTransactionId()
        + "\",\"merchant_id\":\""
        + l.getMerchantId()
        + "\",\"label\":"
        + (l.isFraud() ? 1 : 0)
        + ",\"labelled_at\":"
        + l.getLabelledAtMillis()
        + ",\"source\":\"chargeback\",\"event_time\":"
        + l.getEventTimeMillis()
        + "}";
  }

  static Label label(String txn, String merchant, boolean fraud, long eventTime, long labelledAt) {
    return Label.builder()
        .setTransactionId(txn)
        .setMerchantId(merchant)
        .setFraud(fraud)
        .setLabelledAtMillis(labelledAt)
        .setEventTimeMillis(eventTime)
        .build();
  }

  /** One input record to replay: a transaction or a label, at the time it arrives. */
  record Arrival(long at, RawRecord record) {}

  /** Transactions and labels as one stream of raw records, parsed by their own parsers. */
  static PCollection<FeaturedTransaction> v2(
      PCollection<RawRecord> raw, TrailingCardFeatures.Mode mode) {
    String n = raw.getName();
    PCollection<Transaction> txns =
        raw.apply(n + "Txns", Filter.by((RawRecord r) -> r.getSource().startsWith("txn")))
            .apply(n + "ParseTxns", ParseTransactions.create())
            .output();
    WithDeadLetters<Label> labels =
        raw.apply(n + "Labels", Filter.by((RawRecord r) -> r.getSource().startsWith("label")))
            .apply(n + "ParseLabels", ParseLabels.create());
    return txns.apply(
            n + "CardFeatures",
            TrailingCardFeatures.create().withFeatureSet(FeatureSet.V2).withMode(mode))
        .output()
        .apply(
            n + "MerchantFeatures",
            MerchantFeatures.create().withLabels(labels.output()).withMode(mode));
  }

  static String row(FeaturedTransaction f) {
    return f.getTransaction().getTransactionId() + " " + f.asMap();
  }

  /**
   * Randomised month and a half of a few cards and merchants, every transaction labelled 7 days on.
   */
  static List<Arrival> history(long seed) {
    Random r = new Random(seed);
    List<Arrival> out = new ArrayList<>();
    int n = 0;
    for (int day = 0; day < 45; day++) {
      int perDay = 3 + r.nextInt(6);
      for (int k = 0; k < perDay; k++) {
        long t = DAY_START + day * DAY + r.nextInt((int) DAY);
        String id = "t" + n++;
        String card = "c" + r.nextInt(6);
        String merchant = "m" + r.nextInt(3);
        Transaction txn =
            r.nextBoolean()
                ? txn(
                    id,
                    card,
                    merchant,
                    5 + r.nextInt(200),
                    t,
                    50 + r.nextDouble(),
                    4 + r.nextDouble())
                : txn(id, card, merchant, 5 + r.nextInt(200), t);
        out.add(new Arrival(t, RawRecord.of(JsonFormat.transaction(txn), "txn")));
        Label l = label(id, merchant, r.nextInt(4) == 0, t, t + 7 * DAY);
        out.add(new Arrival(l.getLabelledAtMillis(), RawRecord.of(labelJson(l), "label")));
        if (r.nextInt(10) == 0) { // delivered twice
          out.add(new Arrival(l.getLabelledAtMillis(), RawRecord.of(labelJson(l), "label")));
        }
        if (r.nextInt(15) == 0) { // corrected two days later
          Label fix = label(id, merchant, !l.isFraud(), t, t + 9 * DAY);
          out.add(new Arrival(fix.getLabelledAtMillis(), RawRecord.of(labelJson(fix), "label")));
        }
      }
      // A label for a transaction this stream never carried still counts for its merchant.
      Label unknown =
          label(
              "elsewhere-" + day, "m0", true, DAY_START + day * DAY, DAY_START + day * DAY + HOUR);
      out.add(
          new Arrival(unknown.getLabelledAtMillis(), RawRecord.of(labelJson(unknown), "label")));
    }
    out.sort(Comparator.comparingLong(Arrival::at));
    return out;
  }

  static void collect(PCollection<FeaturedTransaction> featured, String name) {
    featured
        .apply(
            name + "Rows",
            MapElements.into(TypeDescriptors.strings()).via(MerchantFeaturesTest::row))
        .apply(name + "Collect", ParDo.of(new CollectInJvm<>(name)));
  }

  @Test
  void streamingInArrivalOrderGivesTheBatchFeaturesExactly(TestPipeline p) {
    String run = UUID.randomUUID().toString();
    List<Arrival> arrivals = history(11);
    List<RawRecord> shuffled = new ArrayList<>();
    arrivals.forEach(a -> shuffled.add(a.record()));
    Collections.shuffle(shuffled, new Random(3));
    collect(
        v2(
            p.apply("Batch", Create.of(shuffled).withCoder(RawRecordCoder.of())),
            TrailingCardFeatures.Mode.AUTO),
        run + "-batch");
    // The watermark trails the arrivals by up to two hours, so some transactions just after
    // midnight wait for it and others are computed on arrival.
    TestStream.Builder<RawRecord> stream = TestStream.create(RawRecordCoder.of());
    long watermark = Long.MIN_VALUE;
    for (Arrival a : arrivals) {
      if (a.at() - 2 * HOUR > watermark) {
        watermark = a.at() - 2 * HOUR;
        stream = stream.advanceWatermarkTo(new Instant(watermark));
      }
      stream = stream.addElements(TimestampedValue.of(a.record(), new Instant(a.at())));
    }
    collect(
        v2(
            p.apply("Stream", stream.advanceWatermarkToInfinity()),
            TrailingCardFeatures.Mode.STATEFUL),
        run + "-stream");
    p.run().waitUntilFinish();
    List<String> batch = CollectInJvm.sorted(run + "-batch");
    List<String> streamed = CollectInJvm.sorted(run + "-stream");
    assertThat(batch.size(), greaterThan(200));
    assertThat(streamed, equalTo(batch));
    // Not vacuous: labels reached the merchant risk, and the 30-day card profile filled.
    assertThat(
        batch.stream().filter(s -> !s.contains("merchant_risk_30d=0.0,")).count(),
        greaterThan(50L));
    assertThat(
        batch.stream().filter(s -> !s.contains("count_30d=0.0,")).count(), greaterThan(150L));
  }

  /**
   * One merchant's labels in a stream, each case on its own day so their effects are separate. The
   * watermark passes each midnight shortly after it. A label counts from the day after its
   * labelled_at, whenever it arrived; one that arrives late (behind the watermark), after
   * transactions were computed, cannot change their features, only later ones.
   */
  @Test
  void labelsCountFromTheDayAfterTheyBecameKnownInArrivalOrder(TestPipeline p) {
    long d0 = DAY_START;
    List<TimestampedValue<RawRecord>> events = new ArrayList<>();
    // Day 0: a fraud label for a transaction never seen, known at 09:00, sent early (at 08:00).
    events.add(at(d0 + 8 * HOUR, label("u1", "M", true, d0 - 7 * DAY, d0 + 9 * HOUR)));
    events.add(at(d0 + 10 * HOUR, txn("a", "C", "M", 10, d0 + 10 * HOUR))); // same day: not yet
    events.add(at(d0 + DAY + HOUR, txn("b", "C", "M", 10, d0 + DAY + HOUR))); // day 1: 1 of 1
    // Day 1: a legitimate label for a, and the same label again (a duplicate).
    events.add(
        at(d0 + DAY + 2 * HOUR, label("a", "M", false, d0 + 10 * HOUR, d0 + DAY + 2 * HOUR)));
    events.add(
        at(d0 + DAY + 3 * HOUR, label("a", "M", false, d0 + 10 * HOUR, d0 + DAY + 2 * HOUR)));
    events.add(at(d0 + 2 * DAY + HOUR, txn("c", "C", "M", 10, d0 + 2 * DAY + HOUR))); // 1 of 2
    // Day 2: a is found to be fraud after all (contradicting: the newer label wins).
    events.add(
        at(
            d0 + 2 * DAY + 5 * HOUR,
            label("a", "M", true, d0 + 10 * HOUR, d0 + 2 * DAY + 5 * HOUR)));
    events.add(at(d0 + 3 * DAY + HOUR, txn("d", "C", "M", 10, d0 + 3 * DAY + HOUR))); // 2 of 2
    // Day 4: b's label, known on day 3, arrives late: after e was scored; f sees it.
    events.add(at(d0 + 4 * DAY + HOUR, txn("e", "C", "M", 10, d0 + 4 * DAY + HOUR)));
    events.add(at(d0 + 4 * DAY + 2 * HOUR, label("b", "M", false, d0 + DAY + HOUR, d0 + 3 * DAY)));
    events.add(at(d0 + 4 * DAY + 3 * HOUR, txn("f", "C", "M", 10, d0 + 4 * DAY + 3 * HOUR)));
    TestStream.Builder<RawRecord> stream = TestStream.create(RawRecordCoder.of());
    long watermark = Long.MIN_VALUE;
    for (TimestampedValue<RawRecord> e : events) {
      long midnight = CardProfile.dayOf(e.getTimestamp().getMillis()) * DAY;
      if (midnight > watermark) {
        watermark = midnight;
        stream = stream.advanceWatermarkTo(new Instant(midnight));
      }
      stream = stream.addElements(e);
    }
    PCollection<FeaturedTransaction> out =
        v2(p.apply(stream.advanceWatermarkToInfinity()), TrailingCardFeatures.Mode.STATEFUL);
    Map<String, double[]> expected = new HashMap<>(); // risk_30d, labelled_30d
    expected.put("a", new double[] {0.0, 0});
    expected.put("b", new double[] {1.0, 1});
    expected.put("c", new double[] {0.5, 2});
    expected.put("d", new double[] {1.0, 2});
    expected.put("e", new double[] {1.0, 2}); // b's label had not arrived: it came late
    expected.put("f", new double[] {2.0 / 3, 3});
    PAssert.that(out).satisfies(risks(expected));
    p.run().waitUntilFinish();
  }

  private static TimestampedValue<RawRecord> at(long millis, Object record) {
    RawRecord raw =
        record instanceof Label l
            ? RawRecord.of(labelJson(l), "label")
            : RawRecord.of(JsonFormat.transaction((Transaction) record), "txn");
    return TimestampedValue.of(raw, new Instant(millis));
  }

  private static SerializableFunction<Iterable<FeaturedTransaction>, Void> risks(
      Map<String, double[]> expected) {
    return outputs -> {
      Map<String, double[]> actual = new HashMap<>();
      for (FeaturedTransaction f : outputs) {
        actual.put(
            f.getTransaction().getTransactionId(),
            new double[] {
              f.getProfile().get("merchant_risk_30d"), f.getProfile().get("merchant_labelled_30d")
            });
      }
      assertThat(actual.keySet(), equalTo(expected.keySet()));
      expected.forEach(
          (id, e) -> {
            assertThat(id + " risk", actual.get(id)[0], closeTo(e[0], 1e-12));
            assertThat(id + " labelled", actual.get(id)[1], equalTo(e[1]));
          });
      return null;
    };
  }

  @Test
  void malformedLabelsGoToTheDeadLettersWithTheirReason(TestPipeline p) {
    PCollection<RawRecord> raw =
        p.apply(
            Create.of(
                    RawRecord.of(
                        "{\"transaction_id\":\"t\",\"merchant_id\":\"m\",\"label\":2,"
                            + "\"labelled_at\":5,\"event_time\":1}",
                        "labels:0/1"),
                    RawRecord.of(
                        "{\"transaction_id\":\"t\",\"merchant_id\":\"m\",\"label\":1,"
                            + "\"labelled_at\":1,\"event_time\":5}",
                        "labels:0/2"),
                    RawRecord.of(
                        "{\"merchant_id\":\"m\",\"label\":1,\"labelled_at\":5,"
                            + "\"event_time\":1}",
                        "labels:0/3"),
                    RawRecord.of("not json", "labels:0/4"),
                    RawRecord.of(labelJson(label("t", "m", true, 1, 5)), "labels:0/5"))
                .withCoder(RawRecordCoder.of()));
    WithDeadLetters<Label> parsed = raw.apply(ParseLabels.create());
    PAssert.that(parsed.output())
        .containsInAnyOrder(
            label("t", "m", true, 1, 5).toBuilder().setSource("chargeback").build());
    PAssert.that(
            parsed
                .deadLetters()
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(d -> d.getSource() + " " + d.getError())))
        .containsInAnyOrder(
            "labels:0/1 label must be 0 or 1, got 2",
            "labels:0/2 labelled_at (1) is before the transaction's event_time (5)",
            "labels:0/3 missing required field transaction_id",
            "labels:0/4 not valid JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
    p.run().waitUntilFinish();
  }
}
