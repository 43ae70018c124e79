package dev.vigil.transforms.inference;

import static dev.vigil.testing.Txns.MINUTE;
import static dev.vigil.testing.Txns.T0;
import static dev.vigil.testing.Txns.txn;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.inference.RunInference;
import dev.vigil.model.CardFeatures;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.FeaturedTransactionCoder;
import dev.vigil.model.MerchantWindow;
import dev.vigil.model.ScoredTransaction;
import dev.vigil.modelloader.LinearTestModels;
import dev.vigil.modelloader.ModelConfig;
import dev.vigil.testing.PipelineMetrics;
import dev.vigil.testing.TestPipelineExtension;
import dev.vigil.testing.Txns;
import dev.vigil.transforms.WithDeadLetters;
import dev.vigil.transforms.decide.Decide;
import dev.vigil.transforms.windows.MerchantWindows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(TestPipelineExtension.class)
class ScoreTransactionsTest {
  static final List<String> NAMES = CardFeatures.NAMES;
  static final float[] W1 = {0.02f, 0.3f, 0.05f, 0f, 0.4f, -0.0001f, 0.001f, 0.0005f, 0.2f};
  static final float B1 = -2f;
  static final float[] W2 = {-0.01f, 0.1f, 0.1f, 0f, 0.2f, 0f, 0f, 0f, 0.1f};
  static final float B2 = 0.5f;

  static FeaturedTransaction featured(String id, double amount, int count1h, long time) {
    return FeaturedTransaction.of(
        txn(id, "card-" + id, "m", amount, time),
        Txns.features(amount, count1h, count1h, 10, amount / 10, 60, 0, 0, count1h),
        false);
  }

  static float expected(FeaturedTransaction f, float[] w, float b) {
    double[] values = f.getFeatures().toArray();
    float[] row = new float[values.length];
    for (int i = 0; i < row.length; i++) {
      row[i] = (float) values[i];
    }
    return LinearTestModels.expected(row, w, b);
  }

  static ModelConfig config(Path base) {
    return ModelConfig.of(base.toString(), NAMES).withPollMillis(-1);
  }

  @Test
  void scoresEveryElementOnceWithTheModelAndKeepsEventTime(TestPipeline p, @TempDir Path base)
      throws Exception {
    LinearTestModels.export(base, 7, NAMES, W1, B1);
    List<FeaturedTransaction> input = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      input.add(featured("t" + i, i % 50, i % 5, T0 + i * MINUTE));
    }
    WithDeadLetters<ScoredTransaction> out =
        p.apply(Create.timestamped(timestamped(input)).withCoder(FeaturedTransactionCoder.of()))
            .apply(ScoreTransactions.with(config(base)).withMaxBatchSize(64));
    PAssert.that(out.output())
        .satisfies(
            scored -> {
              Map<String, ScoredTransaction> byId = new HashMap<>();
              scored.forEach(
                  s ->
                      assertThat(
                          "once",
                          byId.put(s.getTransaction().getTransactionId(), s) == null,
                          is(true)));
              assertThat(byId.size(), equalTo(300));
              for (FeaturedTransaction f : input) {
                ScoredTransaction s = byId.get(f.getTransaction().getTransactionId());
                assertThat(s.getScore(), closeTo(expected(f, W1, B1), 1e-6));
                assertThat(s.getModelVersion(), equalTo(7L));
              }
              return null;
            });
    PAssert.that(out.output().apply(ParDo.of(new TimestampMatchesFn())))
        .satisfies(
            all -> {
              all.forEach(ok -> assertThat(ok, is(true)));
              return null;
            });
    PAssert.that(out.deadLetters()).empty();
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertThat(counter(result, "inferences"), equalTo(300L));
    DistributionResult sizes = distribution(result, "batch_size");
    assertThat(sizes.getSum(), equalTo(300L));
    assertThat(sizes.getMax() <= 64, is(true));
  }

  static final class TimestampMatchesFn extends DoFn<ScoredTransaction, Boolean> {
    @ProcessElement
    public void process(
        @Element ScoredTransaction s, @Timestamp Instant ts, OutputReceiver<Boolean> out) {
      out.output(ts.getMillis() == s.getTransaction().getEventTimeMillis());
    }
  }

  private static List<TimestampedValue<FeaturedTransaction>> timestamped(
      List<FeaturedTransaction> input) {
    List<TimestampedValue<FeaturedTransaction>> out = new ArrayList<>();
    input.forEach(
        f -> out.add(TimestampedValue.of(f, new Instant(f.getTransaction().getEventTimeMillis()))));
    return out;
  }

  private static TimestampedValue<FeaturedTransaction> at(FeaturedTransaction f) {
    return TimestampedValue.of(f, new Instant(f.getTransaction().getEventTimeMillis()));
  }

  /** Three elements, then processing time moves {@code advance}, then a fourth element. */
  private static DistributionResult batchesAfterProcessingTimeAdvance(
      TestPipeline p, Path base, Duration advance) throws Exception {
    LinearTestModels.export(base, 1, NAMES, W1, B1);
    TestStream<FeaturedTransaction> stream =
        TestStream.create(FeaturedTransactionCoder.of())
            .addElements(
                at(featured("a1", 1, 0, T0)),
                at(featured("a2", 2, 0, T0 + 1)),
                at(featured("a3", 3, 0, T0 + 2)))
            .advanceProcessingTime(advance)
            .addElements(at(featured("b1", 4, 0, T0 + 3)))
            .advanceWatermarkToInfinity();
    WithDeadLetters<ScoredTransaction> out =
        p.apply(stream)
            .apply(
                ScoreTransactions.with(config(base))
                    .withShards(1)
                    .withMaxBatchSize(100)
                    .withMaxWait(Duration.standardSeconds(10)));
    PAssert.that(out.output())
        .satisfies(
            s -> {
              int n = 0;
              for (ScoredTransaction x : s) {
                n++;
              }
              assertThat(n, equalTo(4));
              return null;
            });
    PipelineResult result = p.run();
    result.waitUntilFinish();
    return distribution(result, "batch_size");
  }

  @Test
  void aBatchIsFlushedOnceItsFirstElementWaitedTheMaximum(TestPipeline p, @TempDir Path base)
      throws Exception {
    DistributionResult sizes =
        batchesAfterProcessingTimeAdvance(p, base, Duration.standardSeconds(10).plus(1));
    // The three first elements were scored when the wait expired, before the fourth arrived.
    assertThat(sizes.getCount(), equalTo(2L));
    assertThat(sizes.getMax(), equalTo(3L));
    assertThat(sizes.getMin(), equalTo(1L));
  }

  @Test
  void aBatchIsHeldUntilTheMaximumWait(TestPipeline p, @TempDir Path base) throws Exception {
    DistributionResult sizes =
        batchesAfterProcessingTimeAdvance(p, base, Duration.standardSeconds(9));
    // Within the wait, the fourth element joined the same batch.
    assertThat(sizes.getCount(), equalTo(1L));
    assertThat(sizes.getMax(), equalTo(4L));
  }

  /** Moves a prepared model version into the base directory when it sees the marker element. */
  static final class DeployOnMarkerFn extends DoFn<FeaturedTransaction, Void> {
    private final String staged;
    private final String target;

    DeployOnMarkerFn(Path staged, Path target) {
      this.staged = staged.toString();
      this.target = target.toString();
    }

    @ProcessElement
    public void process(@Element FeaturedTransaction f) {
      if (f.getTransaction().getTransactionId().equals("deploy-v2")) {
        try {
          Files.move(Path.of(staged), Path.of(target), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  @Test
  void hotReloadSwapsVersionsMidStreamWithNoElementLostOrScoredTwice(
      TestPipeline p, @TempDir Path dir) throws Exception {
    Path base = Files.createDirectories(dir.resolve("models"));
    LinearTestModels.export(base, 1, NAMES, W1, B1);
    Path staging = Files.createDirectories(dir.resolve("staging"));
    LinearTestModels.export(staging, 2, NAMES, W2, B2);
    List<FeaturedTransaction> before = new ArrayList<>();
    List<FeaturedTransaction> after = new ArrayList<>();
    TestStream.Builder<FeaturedTransaction> stream =
        TestStream.create(FeaturedTransactionCoder.of());
    for (int i = 0; i < 20; i++) {
      FeaturedTransaction f = featured("a" + i, i, i % 3, T0 + i);
      before.add(f);
      stream = stream.addElements(at(f));
    }
    FeaturedTransaction marker = featured("deploy-v2", 1, 0, T0 + 100);
    stream =
        stream
            .advanceProcessingTime(Duration.standardSeconds(2))
            .addElements(at(marker))
            .advanceProcessingTime(Duration.standardSeconds(2));
    for (int i = 0; i < 20; i++) {
      FeaturedTransaction f = featured("b" + i, i, i % 3, T0 + 200 + i);
      after.add(f);
      stream = stream.addElements(at(f));
    }
    PCollection<FeaturedTransaction> input = p.apply(stream.advanceWatermarkToInfinity());
    input.apply(
        "DeployVersion2", ParDo.of(new DeployOnMarkerFn(staging.resolve("2"), base.resolve("2"))));
    WithDeadLetters<ScoredTransaction> out =
        input.apply(
            ScoreTransactions.with(ModelConfig.of(base.toString(), NAMES).withPollMillis(0))
                .withShards(2)
                .withMaxWait(Duration.standardSeconds(1)));
    PAssert.that(out.output())
        .satisfies(
            scored -> {
              Map<String, ScoredTransaction> byId = new HashMap<>();
              scored.forEach(
                  s ->
                      assertThat(
                          "scored once",
                          byId.put(s.getTransaction().getTransactionId(), s) == null,
                          is(true)));
              assertThat("none lost", byId.size(), equalTo(41));
              for (FeaturedTransaction f : before) {
                ScoredTransaction s = byId.get(f.getTransaction().getTransactionId());
                assertThat(s.getModelVersion(), equalTo(1L));
                assertThat(s.getScore(), closeTo(expected(f, W1, B1), 1e-6));
              }
              for (FeaturedTransaction f : after) {
                ScoredTransaction s = byId.get(f.getTransaction().getTransactionId());
                assertThat(s.getModelVersion(), equalTo(2L));
                assertThat(s.getScore(), closeTo(expected(f, W2, B2), 1e-6));
              }
              return null;
            });
    PAssert.that(out.deadLetters()).empty();
    p.run().waitUntilFinish();
  }

  @ParameterizedTest
  @EnumSource(
      value = RunInference.Batching.class,
      names = {"GROUP_INTO_BATCHES", "PER_BUNDLE"})
  void streamedScoresReachDownstreamEventTimeWindowsOnTime(
      RunInference.Batching batching, TestPipeline p, @TempDir Path base) throws Exception {
    LinearTestModels.export(base, 1, NAMES, W1, B1);
    TestStream.Builder<FeaturedTransaction> stream =
        TestStream.create(FeaturedTransactionCoder.of());
    for (int i = 0; i < 30; i++) {
      stream = stream.addElements(at(featured("w" + i, 10, 0, T0 + i * 10_000)));
    }
    PCollection<MerchantWindow> windows =
        p.apply(
                stream
                    .advanceProcessingTime(Duration.standardSeconds(2))
                    .advanceWatermarkTo(new Instant(T0 + 30 * MINUTE))
                    .advanceWatermarkToInfinity())
            .apply(
                ScoreTransactions.with(config(base))
                    .withMaxWait(Duration.standardSeconds(1))
                    .withMaxBatchSize(4)
                    .withBatching(batching))
            .output()
            .apply(Decide.create())
            .apply(
                MerchantWindows.create()
                    .withSize(Duration.standardMinutes(10))
                    .withPeriod(Duration.standardMinutes(10)));
    PAssert.that(windows)
        .inOnTimePane(new IntervalWindow(new Instant(T0), new Instant(T0 + 10 * MINUTE)))
        .satisfies(
            panes -> {
              long count = 0;
              for (MerchantWindow w : panes) {
                count += w.getTxnCount();
              }
              assertThat("every scored transaction counted on time", count, equalTo(30L));
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void aFailedInferenceSendsTheBatchToDeadLetters(TestPipeline p, @TempDir Path base)
      throws Exception {
    LinearTestModels.export(base, 1, NAMES, W1, B1, null, true);
    FeaturedTransaction poisoned =
        FeaturedTransaction.of(
            txn("nan", "c", "m", 1, T0),
            Txns.features(Double.NaN, 0, 0, 0, 1, 86400, 0, 0, 0),
            false);
    WithDeadLetters<ScoredTransaction> out =
        p.apply(Create.of(poisoned).withCoder(FeaturedTransactionCoder.of()))
            .apply(ScoreTransactions.with(config(base)).withShards(1));
    PAssert.that(out.output()).empty();
    PAssert.that(out.deadLetters())
        .satisfies(
            letters -> {
              List<DeadLetter> list = new ArrayList<>();
              letters.forEach(list::add);
              assertThat(list.size(), equalTo(1));
              assertThat(list.get(0).getStage(), equalTo("score"));
              assertThat(list.get(0).getError(), containsString("inference failed"));
              assertThat(list.get(0).getError(), containsString("features must be finite"));
              assertThat(list.get(0).getRaw(), containsString("\"transaction_id\":\"nan\""));
              return null;
            });
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertThat(counter(result, "failures"), equalTo(1L));
  }

  @Test
  void missingModelDirectoryFailsAtConstruction(TestPipeline p, @TempDir Path dir) {
    p.enableAbandonedNodeEnforcement(false);
    PCollection<FeaturedTransaction> input = p.apply(Create.empty(FeaturedTransactionCoder.of()));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> input.apply(ScoreTransactions.with(config(dir.resolve("nope")))));
    assertThat(e.getMessage(), containsString("pass --modelDir=DIR"));
  }

  static long counter(PipelineResult result, String name) {
    return PipelineMetrics.counter(result, ScoreTransactions.METRICS_NAMESPACE, name);
  }

  static DistributionResult distribution(PipelineResult result, String name) {
    return PipelineMetrics.distribution(result, ScoreTransactions.METRICS_NAMESPACE, name);
  }
}
