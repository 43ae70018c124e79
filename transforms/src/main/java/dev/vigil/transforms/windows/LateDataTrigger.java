package dev.vigil.transforms.windows;

import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.Trigger;

/**
 * The trigger Vigil's windowed aggregates use (merchant windows, card sessions, sensor windows):
 * one pane when the watermark passes the end of the window, then one more (accumulating) pane per
 * late element within the allowed lateness.
 */
public final class LateDataTrigger {
  private LateDataTrigger() {}

  public static Trigger onTimeThenEveryLateElement() {
    return AfterWatermark.pastEndOfWindow().withLateFirings(AfterPane.elementCountAtLeast(1));
  }
}
