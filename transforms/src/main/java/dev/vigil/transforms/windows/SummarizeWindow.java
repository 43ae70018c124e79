package dev.vigil.transforms.windows;

import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Combines the activity ({@link WindowStats#of one per transaction}) of one key and window into
 * {@link WindowStats}. Accumulators are never changed in place: runners keep them in state, and
 * with object reuse ({@code --fasterCopy} on Flink) the held object is shared with in-flight
 * snapshots and downstream.
 */
final class SummarizeWindow extends Combine.CombineFn<WindowStats, WindowStats, WindowStats> {
  @Override
  public WindowStats createAccumulator() {
    return new WindowStats();
  }

  @Override
  public WindowStats addInput(WindowStats acc, WindowStats input) {
    WindowStats next = acc.copy();
    next.merge(input);
    return next;
  }

  @Override
  public WindowStats mergeAccumulators(Iterable<WindowStats> accumulators) {
    WindowStats merged = new WindowStats();
    for (WindowStats s : accumulators) {
      merged.merge(s);
    }
    return merged;
  }

  @Override
  public WindowStats extractOutput(WindowStats acc) {
    return acc;
  }

  @Override
  public Coder<WindowStats> getAccumulatorCoder(
      CoderRegistry registry, Coder<WindowStats> inputCoder) throws CannotProvideCoderException {
    return WindowStats.Coder.of();
  }

  @Override
  public Coder<WindowStats> getDefaultOutputCoder(
      CoderRegistry registry, Coder<WindowStats> inputCoder) throws CannotProvideCoderException {
    return WindowStats.Coder.of();
  }
}
