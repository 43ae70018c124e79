package dev.vigil.inference;

import dev.vigil.modelloader.ModelValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Duration;
import org.joda.time.Instant;

/** The DoFns of {@link RunInference}: shard assignment, grouped batches, per-bundle batches. */
final class InferenceFns {
  private InferenceFns() {}

  /**
   * Spreads elements over {@code shards} keys, round robin from a random start per DoFn instance,
   * each with its own timestamp (GroupIntoBatches emits a batch at one timestamp).
   */
  static final class AssignShardFn<E> extends DoFn<E, KV<Integer, TimestampedValue<E>>> {
    private final int shards;
    private transient int next;

    AssignShardFn(int shards) {
      this.shards = shards;
    }

    @Setup
    public void setup() {
      next = ThreadLocalRandom.current().nextInt(shards);
    }

    @ProcessElement
    public void process(
        @Element E e, @Timestamp Instant ts, OutputReceiver<KV<Integer, TimestampedValue<E>>> out) {
      next = (next + 1) % shards;
      out.output(KV.of(next, TimestampedValue.of(e, ts)));
    }
  }

  /**
   * What both scoring DoFns share: the handler's model opened in {@code @Setup} through a {@link
   * BatchRunner}, closed in {@code @Teardown}, and outputs routed by kind.
   */
  abstract static class BatchingFn<I, E, T, O> extends DoFn<I, O> {
    private final ModelHandler<T> handler;
    private final Adapter<E, T, O> adapter;
    private final boolean handleFailures;
    final TupleTag<O> results;
    final TupleTag<InferenceFailure<E>> failed;
    transient BatchRunner<E, T, O> runner;

    BatchingFn(
        ModelHandler<T> handler,
        Adapter<E, T, O> adapter,
        boolean handleFailures,
        TupleTag<O> results,
        TupleTag<InferenceFailure<E>> failed) {
      this.handler = handler;
      this.adapter = adapter;
      this.handleFailures = handleFailures;
      this.results = results;
      this.failed = failed;
    }

    @Setup
    public void setup() throws ModelValidationException {
      runner = new BatchRunner<>(handler, adapter, handleFailures);
    }

    /** Sends {@code outcome} (an {@code O} or an {@link InferenceFailure}) to its output. */
    @SuppressWarnings("unchecked") // BatchRunner returns O or InferenceFailure<E>
    void emit(Object outcome, Instant ts, MultiOutputReceiver out) {
      if (outcome instanceof InferenceFailure<?> f) {
        out.get(failed).outputWithTimestamp((InferenceFailure<E>) f, ts);
      } else {
        out.get(results).outputWithTimestamp((O) outcome, ts);
      }
    }

    @Override
    public Duration getAllowedTimestampSkew() {
      // Outputs go out at their own elements' timestamps: a grouped batch is emitted at its oldest
      // element's (GroupIntoBatches holds the watermark there), and the earlier elements of a
      // bundle are never below the bundle's watermark hold.
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

  /** Scores the batches {@code GroupIntoBatches} emits; each output at its element's timestamp. */
  static final class GroupedBatchFn<E, T, O>
      extends BatchingFn<KV<Integer, Iterable<TimestampedValue<E>>>, E, T, O> {
    GroupedBatchFn(
        ModelHandler<T> handler,
        Adapter<E, T, O> adapter,
        boolean handleFailures,
        TupleTag<O> results,
        TupleTag<InferenceFailure<E>> failed) {
      super(handler, adapter, handleFailures, results, failed);
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<TimestampedValue<E>>> batch, MultiOutputReceiver out) {
      List<E> elements = new ArrayList<>();
      List<Instant> timestamps = new ArrayList<>();
      for (TimestampedValue<E> v : batch.getValue()) {
        elements.add(v.getValue());
        timestamps.add(v.getTimestamp());
      }
      if (elements.isEmpty()) {
        return;
      }
      List<Object> outcome = runner.run(elements);
      for (int i = 0; i < outcome.size(); i++) {
        emit(outcome.get(i), timestamps.get(i), out);
      }
    }
  }

  /**
   * Batches within a bundle (bounded input; streams on runners without user timers): a batch is
   * scored when full and the rest at the end of the bundle; every output keeps its element's
   * timestamp and window, and goes out at once when the batch shares one window.
   */
  static final class BundleBatchFn<E, T, O> extends BatchingFn<E, E, T, O> {
    private final int maxBatchSize;
    private transient List<E> batch;
    private transient List<Instant> timestamps;
    private transient List<BoundedWindow> windows;
    private transient List<Object> outcomes;

    BundleBatchFn(
        ModelHandler<T> handler,
        Adapter<E, T, O> adapter,
        boolean handleFailures,
        int maxBatchSize,
        TupleTag<O> results,
        TupleTag<InferenceFailure<E>> failed) {
      super(handler, adapter, handleFailures, results, failed);
      this.maxBatchSize = maxBatchSize;
    }

    @StartBundle
    public void startBundle() {
      batch = new ArrayList<>(maxBatchSize);
      timestamps = new ArrayList<>();
      windows = new ArrayList<>();
      outcomes = new ArrayList<>();
    }

    @ProcessElement
    public void process(
        @Element E e, @Timestamp Instant ts, BoundedWindow window, MultiOutputReceiver out) {
      batch.add(e);
      timestamps.add(ts);
      windows.add(window);
      if (batch.size() < maxBatchSize) {
        return;
      }
      scoreBatch();
      if (windows.stream().allMatch(window::equals)) {
        for (int i = 0; i < outcomes.size(); i++) {
          emit(outcomes.get(i), timestamps.get(i), out);
        }
        startBundle();
      }
    }

    private void scoreBatch() {
      outcomes.addAll(runner.run(batch));
      batch = new ArrayList<>(maxBatchSize);
    }

    @FinishBundle
    @SuppressWarnings("unchecked") // BatchRunner returns O or InferenceFailure<E>
    public void finishBundle(FinishBundleContext context) {
      if (!batch.isEmpty()) {
        scoreBatch();
      }
      for (int i = 0; i < outcomes.size(); i++) {
        Object o = outcomes.get(i);
        if (o instanceof InferenceFailure<?> f) {
          context.output(failed, (InferenceFailure<E>) f, timestamps.get(i), windows.get(i));
        } else {
          context.output(results, (O) o, timestamps.get(i), windows.get(i));
        }
      }
      startBundle();
    }
  }
}
