package dev.vigil.transforms.windows;

import static dev.vigil.testing.Txns.T0;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.sameInstance;

import org.junit.jupiter.api.Test;

class SummarizeWindowTest {
  private final SummarizeWindow fn = new SummarizeWindow();

  @Test
  void addInputLeavesTheHeldAccumulatorUnchanged() {
    // Runners keep accumulators in state; with object reuse the held one is shared with snapshots.
    WindowStats held = fn.addInput(fn.createAccumulator(), WindowStats.of(10, T0, 0.2, false));
    WindowStats next = fn.addInput(held, WindowStats.of(30, T0 + 1_000, 0.9, true));
    assertThat(next, not(sameInstance(held)));
    assertThat(held.count, equalTo(1L));
    assertThat(held.amountSum, closeTo(10, 0));
    assertThat(next.count, equalTo(2L));
    assertThat(next.amountSum, closeTo(40, 0));
    assertThat(next.maxScore, closeTo(0.9, 1e-12));
    assertThat(next.alertCount, equalTo(1L));
    assertThat(next.firstMillis, equalTo(T0));
    assertThat(next.lastMillis, equalTo(T0 + 1_000));
  }
}
