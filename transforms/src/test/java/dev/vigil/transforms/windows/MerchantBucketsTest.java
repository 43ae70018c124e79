package dev.vigil.transforms.windows;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class MerchantBucketsTest {
  @Test
  void changesReturnNewValuesAndLeaveTheHeldOneAsItWas() {
    MerchantBuckets held =
        MerchantBuckets.empty()
            .withActivity(60, WindowStats.of(10, 61, 0.5, false))
            .withPending(new long[] {120, 180}, 2);
    MerchantBuckets next =
        held.withActivity(60, WindowStats.of(5, 62, 0.25, true))
            .withActivity(0, WindowStats.of(1, 1, 0, false))
            .withPending(new long[] {60, 180, 240}, 3)
            .withoutPending(120);
    assertThat(held.window(0, 120).count, equalTo(1L));
    assertThat(held.isPending(120), is(true));
    assertThat(next.window(0, 120).count, equalTo(3L));
    assertThat(next.window(60, 120).amountSum, equalTo(15.0));
    assertThat(next.window(120, 180), nullValue());
    assertThat(next.pendingThrough(200), equalTo(new long[] {60, 180}));
    assertThat(next.withoutPendingThrough(200).firstPending(), equalTo(240L));
    assertThat(next.withoutBucketsBefore(30).window(0, 60), nullValue());
    assertThat(next.lastBucketStart(), equalTo(60L));
  }

  @Test
  void coderRoundTrips() throws Exception {
    MerchantBuckets b =
        MerchantBuckets.empty()
            .withActivity(60, WindowStats.of(10, 61, 0.5, false))
            .withActivity(120, WindowStats.of(3, 130, 0.75, true))
            .withPending(new long[] {180, 240}, 2);
    MerchantBuckets back = CoderUtils.clone(MerchantBuckets.Coder.of(), b);
    assertThat(back.window(0, 1000).count, equalTo(2L));
    assertThat(back.window(0, 1000).alertCount, equalTo(1L));
    assertThat(back.pendingThrough(1000), equalTo(new long[] {180, 240}));
    assertThat(
        CoderUtils.encodeToByteArray(MerchantBuckets.Coder.of(), back),
        equalTo(CoderUtils.encodeToByteArray(MerchantBuckets.Coder.of(), b)));
  }
}
