package dev.vigil.transforms.windows;

import org.apache.beam.sdk.transforms.windowing.PaneInfo;

/** The {@code pane_timing} label of a window output, the same on every runner. */
final class PaneTiming {
  private PaneTiming() {}

  /**
   * {@code EARLY}, {@code ON_TIME} or {@code LATE}. Flink's batch mode does not track panes and
   * reports {@code UNKNOWN} for the single firing of a bounded window; that firing happens after
   * all of the window's input, so it is labelled {@code ON_TIME}, as the other runners do.
   */
  static String of(PaneInfo pane) {
    if (pane.getTiming() == PaneInfo.Timing.UNKNOWN && pane.isFirst() && pane.isLast()) {
      return PaneInfo.Timing.ON_TIME.name();
    }
    return pane.getTiming().name();
  }
}
