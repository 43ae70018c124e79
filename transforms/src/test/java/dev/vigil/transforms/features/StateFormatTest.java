package dev.vigil.transforms.features;

import static dev.vigil.testing.PinnedFormat.assertPinned;
import static dev.vigil.testing.Txns.HOUR;
import static dev.vigil.testing.Txns.T0;
import static dev.vigil.testing.Txns.txn;

import dev.vigil.model.FeatureSet;
import dev.vigil.model.Label;
import dev.vigil.testing.Txns;
import org.junit.jupiter.api.Test;

/** The feature stages' state formats, pinned (see {@link dev.vigil.testing.PinnedFormat}). */
class StateFormatTest {
  @Test
  void cardHistoryFormatIsPinned() throws Exception {
    CardHistory h = new CardHistory(FeatureSet.V2);
    h.add(txn("t1", "c1", "m1", 12.5, T0 - 30 * HOUR, 48.85, 2.35));
    h.add(txn("t2", "c1", "m2", 99.0, T0 - 2 * HOUR));
    h.add(txn("t3", "c1", "m1", 7.25, T0, 48.86, 2.34));
    assertPinned(
        "card history",
        CardHistoryCoder.state(),
        h,
        "9b75b117b38b3f0bf72274c7b0f3b49c26078c26381fcb23abb6cd3c14f8090d");
  }

  @Test
  void merchantProfileFormatIsPinned() throws Exception {
    MerchantProfile p = new MerchantProfile();
    p.addTransaction(T0 - 50 * HOUR);
    p.addTransaction(T0);
    p.addLabel(
        Label.builder()
            .setTransactionId("t0")
            .setMerchantId("m1")
            .setFraud(true)
            .setLabelledAtMillis(T0 - HOUR)
            .setEventTimeMillis(T0 - 170 * HOUR)
            .build());
    assertPinned(
        "merchant profile",
        MerchantProfileCoder.state(),
        p,
        "86b61c458b1452ada6daf656609ef436a0e4136c2ecc6e9b38d96863c057a3be");
  }

  @Test
  void waitingTransactionFormatIsPinned() throws Exception {
    assertPinned(
        "merchant stage's waiting transactions",
        MerchantFeatures.StatefulMerchantFn.WAITING_CODER,
        Txns.featured(txn("t1", "c1", "m1", 12.5, T0, 48.85, 2.35)),
        "b23a8b0e43e0f44d9fd451263f70426249d7cc80b434ea93751965e3ad2e745f");
  }
}
