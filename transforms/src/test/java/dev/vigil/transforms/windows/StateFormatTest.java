package dev.vigil.transforms.windows;

import static dev.vigil.testing.PinnedFormat.assertPinned;
import static dev.vigil.testing.Txns.MINUTE;
import static dev.vigil.testing.Txns.T0;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The window stages' state formats, pinned (see {@link dev.vigil.testing.PinnedFormat}). */
class StateFormatTest {
  @Test
  void merchantBucketsFormatIsPinned() throws Exception {
    MerchantBuckets b =
        MerchantBuckets.empty()
            .withActivity(T0, WindowStats.of(12.5, T0 + MINUTE, 0.25, false))
            .withActivity(T0 + 5 * MINUTE, WindowStats.of(99.0, T0 + 6 * MINUTE, 0.95, true))
            .withPending(new long[] {T0 + 10 * MINUTE}, 1);
    assertPinned(
        "merchant windows",
        MerchantBuckets.Coder.state(),
        b,
        "2e562c5293511df7bed2405401240d98f75bc30eacf0180dec23d0882a5542ac");
  }

  @Test
  void openSessionsFormatIsPinned() throws Exception {
    OpenSessions o =
        new OpenSessions(
            List.of(
                new OpenSessions.Session(WindowStats.of(12.5, T0, 0.25, false), false),
                new OpenSessions.Session(WindowStats.of(99.0, T0 + MINUTE, 0.95, true), true)),
            T0 + 16 * MINUTE);
    assertPinned(
        "card sessions",
        OpenSessions.Coder.state(),
        o,
        "49fe1bf1b24d87330e4a744d41ab49caba2b5c83c32c8f10a1593b02f3e2f706");
  }
}
