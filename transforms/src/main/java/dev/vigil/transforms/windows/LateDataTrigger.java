package dev.vigil.transforms.windows;

import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.Trigger;

/**
 * The trigger both windowed aggregates use: one pane when the watermark passes the end of the
 * window, then one more (accumulating) pane per late element within the allowed lateness.
 */
final class LateDataTrigger {
  private LateDataTrigger() {}

  static Trigger onTimeThenEveryLateElement() {
    return AfterWatermark.pastEndOfWindow().withLateFirings(AfterPane.elementCountAtLeast(1));
  }
}
