package dev.vigil.transforms.inference;

import dev.vigil.model.DeadLetter;
import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.ScoredTransaction;
import dev.vigil.modelloader.ModelConfig;
import dev.vigil.modelloader.ModelValidationException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Per-bundle scoring (bounded input; streams on runners without user timers): batches within a
 * bundle. A batch is scored as soon as {@code maxBatchSize} elements are buffered, and the rest at
 * the end of the bundle; every result keeps its element's own timestamp and window. Results go out
 * at once when the whole batch shares the current element's window (the usual case, so memory stays
 * bounded by one batch even when a runner's bundle is a whole partition); otherwise they wait for
 * the end of the bundle. No state, no timers, no watermark holds (what Beam Python's {@code
 * BatchElements} does for batch).
 */
final class BundleBatchScoreFn extends DoFn<FeaturedTransaction, ScoredTransaction> {
  private final ModelConfig config;
  private final double reasonThreshold;
  private final int maxBatchSize;
  private final TupleTag<ScoredTransaction> scoredTag;
  private final TupleTag<DeadLetter> deadTag;
  private transient InferenceRunner runner;
  private transient List<FeaturedTransaction> batch;
  private transient List<Instant> timestamps;
  private transient List<BoundedWindow> windows;
  private transient List<Object> results;

  BundleBatchScoreFn(
      ModelConfig config,
      double reasonThreshold,
      int maxBatchSize,
      TupleTag<ScoredTransaction> scoredTag,
      TupleTag<DeadLetter> deadTag) {
    this.config = config;
    this.reasonThreshold = reasonThreshold;
    this.maxBatchSize = maxBatchSize;
    this.scoredTag = scoredTag;
    this.deadTag = deadTag;
  }

  @Setup
  public void setup() throws ModelValidationException {
    runner = new InferenceRunner(config, reasonThreshold);
  }

  @StartBundle
  public void startBundle() {
    batch = new ArrayList<>(maxBatchSize);
    timestamps = new ArrayList<>();
    windows = new ArrayList<>();
    results = new ArrayList<>();
  }

  @ProcessElement
  public void process(
      @Element FeaturedTransaction f,
      @Timestamp Instant ts,
      BoundedWindow window,
      MultiOutputReceiver out) {
    batch.add(f);
    timestamps.add(ts);
    windows.add(window);
    if (batch.size() >= maxBatchSize) {
      scoreBatch();
      // Every buffered element is scored now; emit at once when they share this element's window.
      if (windows.stream().allMatch(window::equals)) {
        for (int i = 0; i < results.size(); i++) {
          Object r = results.get(i);
          if (r instanceof ScoredTransaction s) {
            out.get(scoredTag).outputWithTimestamp(s, timestamps.get(i));
          } else {
            out.get(deadTag).outputWithTimestamp((DeadLetter) r, timestamps.get(i));
          }
        }
        startBundle();
      }
    }
  }

  private void scoreBatch() {
    InferenceRunner.Outcome outcome = runner.run(batch);
    results.addAll(outcome.scored().isEmpty() ? outcome.deadLetters() : outcome.scored());
    batch = new ArrayList<>(maxBatchSize);
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) {
    if (!batch.isEmpty()) {
      scoreBatch();
    }
    for (int i = 0; i < results.size(); i++) {
      Object r = results.get(i);
      if (r instanceof ScoredTransaction s) {
        context.output(scoredTag, s, timestamps.get(i), windows.get(i));
      } else {
        context.output(deadTag, (DeadLetter) r, timestamps.get(i), windows.get(i));
      }
    }
    startBundle();
  }

  @Override
  public Duration getAllowedTimestampSkew() {
    // Results of earlier elements of the same bundle go out with their own timestamps, which are
    // never below the bundle's watermark hold.
    return Duration.millis(Long.MAX_VALUE);
  }

  @Teardown
  public void teardown() {
    if (runner != null) {
      runner.close();
      runner = null;
    }
  }
}
