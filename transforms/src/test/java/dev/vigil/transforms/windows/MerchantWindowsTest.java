package dev.vigil.transforms.windows;

import static dev.vigil.testing.Txns.MINUTE;
import static dev.vigil.testing.Txns.T0;
import static dev.vigil.testing.Txns.decided;
import static dev.vigil.testing.Txns.txn;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.model.DecidedTransaction;
import dev.vigil.model.DecidedTransactionCoder;
import dev.vigil.model.MerchantWindow;
import dev.vigil.testing.CollectInJvm;
import dev.vigil.testing.TestPipelineExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.hamcrest.Matchers;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(TestPipelineExtension.class)
class MerchantWindowsTest {

  static TimestampedValue<DecidedTransaction> at(
      String id, String merchant, double amount, long time, double score) {
    return TimestampedValue.of(
        decided(txn(id, "card-" + id, merchant, amount, time), score), new Instant(time));
  }

  static Coder<DecidedTransaction> coder(TestPipeline p) throws Exception {
    return DecidedTransactionCoder.of();
  }

  static MerchantWindow window(
      String merchant,
      long start,
      long end,
      long count,
      double sum,
      double avg,
      long alerts,
      String timing) {
    return MerchantWindow.builder()
        .setMerchantId(merchant)
        .setWindowStartMillis(start)
        .setWindowEndMillis(end)
        .setTxnCount(count)
        .setAmountSum(sum)
        .setAvgScore(avg)
        .setAlertCount(alerts)
        .setPaneTiming(timing)
        .build();
  }

  /**
   * Two merchants on time; at watermark T0+10m a late element within the allowed lateness; at
   * T0+30m one beyond it, and a new merchant late for both its windows but within the lateness.
   */
  static TestStream<DecidedTransaction> lateDataStream(TestPipeline p) throws Exception {
    return TestStream.create(coder(p))
        .addElements(
            at("e1", "m1", 10, T0 + MINUTE, 0.25), at("e2", "m1", 20, T0 + 3 * MINUTE, 0.625))
        .addElements(at("o1", "m2", 7, T0 + 6 * MINUTE, 0.125))
        // Window [T0, T0+10m) ends: on-time pane.
        .advanceWatermarkTo(new Instant(T0 + 10 * MINUTE))
        // Late but within the 10 minute allowed lateness: one late pane, accumulated.
        .addElements(at("e3", "m1", 5, T0 + 4 * MINUTE, 0.9375))
        .advanceWatermarkTo(new Instant(T0 + 30 * MINUTE))
        // Beyond the allowed lateness of every window containing it: dropped.
        .addElements(at("e4", "m1", 1000, T0 + 2 * MINUTE, 0.0))
        .addElements(at("n1", "m3", 3, T0 + 21 * MINUTE, 0.5))
        .advanceWatermarkToInfinity();
  }

  /** Windows of 10 minutes every 5, 10 minutes of allowed lateness. */
  static MerchantWindows tenEveryFive() {
    return MerchantWindows.create()
        .withSize(Duration.standardMinutes(10))
        .withPeriod(Duration.standardMinutes(5))
        .withAllowedLateness(Duration.standardMinutes(10));
  }

  @Test
  void firesOnTimeThenOncePerLateElementAndDropsDataBeyondAllowedLateness(TestPipeline p)
      throws Exception {
    PCollection<MerchantWindow> out = p.apply(lateDataStream(p)).apply(tenEveryFive());

    long start = T0;
    long end = T0 + 10 * MINUTE;
    IntervalWindow w = new IntervalWindow(new Instant(start), new Instant(end));
    PAssert.that(out)
        .inOnTimePane(w)
        .containsInAnyOrder(
            window("m1", start, end, 2, 30, 0.4375, 1, "ON_TIME"),
            window("m2", start, end, 1, 7, 0.125, 0, "ON_TIME"));
    PAssert.that(out)
        .inLatePane(w)
        .containsInAnyOrder(window("m1", start, end, 3, 35, 1.8125 / 3, 2, "LATE"));
    // The earlier sliding window [T0-5m, T0+5m) holds e1, e2 and, late, e3; never e4 or o1.
    IntervalWindow before =
        new IntervalWindow(new Instant(T0 - 5 * MINUTE), new Instant(T0 + 5 * MINUTE));
    PAssert.that(out)
        .inWindow(before)
        .containsInAnyOrder(
            window("m1", T0 - 5 * MINUTE, T0 + 5 * MINUTE, 2, 30, 0.4375, 1, "ON_TIME"),
            window("m1", T0 - 5 * MINUTE, T0 + 5 * MINUTE, 3, 35, 1.8125 / 3, 2, "LATE"));
    // [T0+5m, T0+15m) has only o1 (e-events are all before T0+5m).
    IntervalWindow after =
        new IntervalWindow(new Instant(T0 + 5 * MINUTE), new Instant(T0 + 15 * MINUTE));
    PAssert.that(out)
        .inWindow(after)
        .containsInAnyOrder(
            window("m2", T0 + 5 * MINUTE, T0 + 15 * MINUTE, 1, 7, 0.125, 0, "ON_TIME"));
    p.run().waitUntilFinish();
  }

  /** The stream of the test above: every pane either layout must output, by value. */
  @ParameterizedTest
  @EnumSource(MerchantWindows.Layout.class)
  void bothLayoutsFireTheSamePanesAndDropTheSameLateData(
      MerchantWindows.Layout layout, TestPipeline p) throws Exception {
    PCollection<MerchantWindow> out =
        p.apply(lateDataStream(p)).apply(tenEveryFive().withLayout(layout));
    long m5 = 5 * MINUTE;
    PAssert.that(out)
        .containsInAnyOrder(
            window("m1", T0 - m5, T0 + m5, 2, 30, 0.4375, 1, "ON_TIME"),
            window("m1", T0 - m5, T0 + m5, 3, 35, 1.8125 / 3, 2, "LATE"),
            window("m1", T0, T0 + 2 * m5, 2, 30, 0.4375, 1, "ON_TIME"),
            window("m1", T0, T0 + 2 * m5, 3, 35, 1.8125 / 3, 2, "LATE"),
            window("m2", T0, T0 + 2 * m5, 1, 7, 0.125, 0, "ON_TIME"),
            window("m2", T0 + m5, T0 + 3 * m5, 1, 7, 0.125, 0, "ON_TIME"),
            // n1 at T0+21m: [T0+15m, T0+25m) ended before the watermark (T0+30m), within lateness;
            // [T0+20m, T0+30m) ends exactly at the watermark, so it is late too.
            window("m3", T0 + 3 * m5, T0 + 5 * m5, 1, 3, 0.5, 1, "LATE"),
            window("m3", T0 + 4 * m5, T0 + 6 * m5, 1, 3, 0.5, 1, "LATE"));
    p.run().waitUntilFinish();
  }

  /**
   * A random stream per seed (four merchants over three hours, a quarter of the transactions
   * arriving up to half an hour late, the watermark a minute behind arrivals): both layouts run on
   * the same stream and must output the same panes.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void bothLayoutsAgreeOnRandomLateStreams(long seed, TestPipeline p) throws Exception {
    PCollection<DecidedTransaction> in = p.apply(RandomLateStream.of(seed, 4, 3 * 60, 30));
    String run = "merchants-seed" + seed;
    for (MerchantWindows.Layout layout : MerchantWindows.Layout.values()) {
      in.apply(layout.name(), MerchantWindows.create().withLayout(layout))
          .apply(layout.name() + "Collect", ParDo.of(new CollectInJvm<>(run + layout)));
    }
    p.run().waitUntilFinish();
    List<String> windowed = CollectInJvm.sorted(run + MerchantWindows.Layout.WINDOWED);
    assertThat(windowed.size(), Matchers.greaterThan(100));
    assertThat(
        "the stream has late panes",
        windowed.stream().anyMatch(pane -> pane.contains("LATE")),
        Matchers.equalTo(true));
    assertThat(
        CollectInJvm.sorted(run + MerchantWindows.Layout.BUCKETED), Matchers.equalTo(windowed));
  }

  /**
   * Bounded input: one on-time pane per (merchant, window), checked against a naive count. The
   * windowed layout only: on the DirectRunner a bounded run can fire a merchant's timer before
   * earlier transactions of that merchant, and the bucketed layout then outputs a partial on-time
   * pane before the full one (it is tested in streaming here and on Flink in KafkaStreamingIT).
   */
  @Test
  void windowedLayoutMatchesANaiveSumOverBoundedInput(TestPipeline p) throws Exception {
    MerchantWindows.Layout layout = MerchantWindows.Layout.WINDOWED;
    List<TimestampedValue<DecidedTransaction>> input = new ArrayList<>();
    Random random = new Random(7);
    for (int i = 0; i < 300; i++) {
      long time = T0 + (long) (random.nextDouble() * 90 * MINUTE);
      input.add(
          at(
              "t" + i,
              "m" + random.nextInt(4),
              1 + random.nextInt(100),
              time,
              random.nextInt(16) / 16.0));
    }
    long size = 10 * MINUTE;
    long period = MINUTE;
    Map<String, long[]> counts = new TreeMap<>(); // merchant|start -> {count, amountSum, alerts}
    Map<String, double[]> scores = new TreeMap<>();
    for (TimestampedValue<DecidedTransaction> tv : input) {
      long t = tv.getTimestamp().getMillis();
      long bucket = t - Math.floorMod(t, period);
      for (long start = bucket - size + period; start <= bucket; start += period) {
        String k = tv.getValue().getTransaction().getMerchantId() + "|" + start;
        long[] c = counts.computeIfAbsent(k, x -> new long[3]);
        c[0]++;
        c[1] += (long) tv.getValue().getTransaction().getAmount();
        c[2] += tv.getValue().isAlert() ? 1 : 0;
        scores.computeIfAbsent(k, x -> new double[1])[0] += tv.getValue().getScore();
      }
    }
    List<MerchantWindow> expected = new ArrayList<>();
    counts.forEach(
        (k, c) -> {
          long start = Long.parseLong(k.substring(k.indexOf('|') + 1));
          expected.add(
              window(
                  k.substring(0, k.indexOf('|')),
                  start,
                  start + size,
                  c[0],
                  c[1],
                  scores.get(k)[0] / c[0],
                  c[2],
                  "ON_TIME"));
        });
    PCollection<MerchantWindow> out =
        p.apply(Create.timestamped(input).withCoder(coder(p)))
            .apply(MerchantWindows.create().withLayout(layout));
    PAssert.that(out).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  @Test
  void bucketedLayoutNeedsASizeThatIsAMultipleOfThePeriod() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    PCollection<DecidedTransaction> none = p.apply(Create.empty(DecidedTransactionCoder.of()));
    assertThat(
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    none.apply(
                        MerchantWindows.create()
                            .withSize(Duration.standardMinutes(10))
                            .withPeriod(Duration.standardMinutes(3))
                            .withLayout(MerchantWindows.Layout.BUCKETED)))
            .getMessage(),
        containsString("multiple of the period"));
  }

  @Test
  void defaultsAreTenMinutesEveryMinute(TestPipeline p) throws Exception {
    TestStream<DecidedTransaction> stream =
        TestStream.create(coder(p))
            .addElements(at("e1", "m1", 10, T0 + 30_000, 0.5))
            .advanceWatermarkToInfinity();
    PCollection<MerchantWindow> out = p.apply(stream).apply(MerchantWindows.create());
    // An element at T0+30s lies in the ten windows starting T0-9m ... T0.
    PAssert.that(out)
        .satisfies(
            windows -> {
              int n = 0;
              for (MerchantWindow w : windows) {
                n++;
                assertThat(
                    w.getWindowEndMillis() - w.getWindowStartMillis() == 10 * MINUTE,
                    Matchers.is(true));
                assertThat((w.getWindowStartMillis() - T0) % MINUTE == 0, Matchers.is(true));
              }
              assertThat(n, Matchers.equalTo(10));
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void refusesInvalidSettings() {
    assertThat(
        assertThrows(
                IllegalArgumentException.class,
                () -> MerchantWindows.create().withSize(Duration.ZERO))
            .getMessage(),
        containsString("size must be a positive duration"));
    assertThat(
        assertThrows(
                IllegalArgumentException.class,
                () -> MerchantWindows.create().withAllowedLateness(Duration.millis(-1)))
            .getMessage(),
        containsString("allowedLateness must be >= 0"));
  }
}
