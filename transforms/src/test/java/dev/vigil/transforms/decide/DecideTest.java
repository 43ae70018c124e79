package dev.vigil.transforms.decide;

import static dev.vigil.testing.Txns.T0;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.model.Alert;
import dev.vigil.model.DecidedTransaction;
import dev.vigil.model.Decision;
import dev.vigil.model.ScoredTransaction;
import dev.vigil.model.ScoredTransactionCoder;
import dev.vigil.testing.TestPipelineExtension;
import dev.vigil.testing.Txns;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class DecideTest {

  static ScoredTransaction scored(String id, double score, List<String> reasons) {
    return ScoredTransaction.of(
        Txns.featured(Txns.txn(id, "card-" + id, "m", 10, T0)), score, 3, reasons);
  }

  @Test
  void thresholdsAreInclusive() {
    Decide decide = Decide.withThresholds(0.4, 0.8);
    assertThat(decide.decide(0.0), equalTo(Decision.APPROVE));
    assertThat(decide.decide(0.3999), equalTo(Decision.APPROVE));
    assertThat(decide.decide(0.4), equalTo(Decision.REVIEW));
    assertThat(decide.decide(0.7999), equalTo(Decision.REVIEW));
    assertThat(decide.decide(0.8), equalTo(Decision.BLOCK));
    assertThat(decide.decide(1.0), equalTo(Decision.BLOCK));
  }

  @Test
  void invalidThresholdsFailFast() {
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> Decide.withThresholds(0.9, 0.5))
            .getMessage(),
        containsString("review threshold (0.9) must not exceed block threshold (0.5)"));
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> Decide.withThresholds(-0.1, 0.5))
            .getMessage(),
        containsString("thresholds must be in [0, 1]"));
  }

  @Test
  void decisionsAndOneAlertPerReviewOrBlock(TestPipeline p) {
    PCollection<DecidedTransaction> decided =
        p.apply(
                Create.of(
                        scored("a", 0.1, List.of()),
                        scored("r", 0.6, List.of("amount_ratio_24h")),
                        scored("b", 0.95, List.of("speed_kmh_from_last", "count_1h")))
                    .withCoder(ScoredTransactionCoder.of()))
            .apply(Decide.create());
    PAssert.that(
            decided.apply(
                "IdAndDecision",
                MapElements.into(TypeDescriptors.strings())
                    .via(
                        (DecidedTransaction d) ->
                            d.getTransaction().getTransactionId() + ":" + d.getDecision())))
        .containsInAnyOrder("a:APPROVE", "r:REVIEW", "b:BLOCK");
    PCollection<Alert> alerts = decided.apply(RaiseAlerts.create());
    PAssert.that(
            alerts.apply(
                "AlertSummary",
                MapElements.into(TypeDescriptors.strings())
                    .via(
                        (Alert a) ->
                            a.getAlertId()
                                + "|"
                                + a.getDecision()
                                + "|"
                                + a.getReasons()
                                + "|"
                                + a.getModelVersion())))
        .containsInAnyOrder(
            "alert-r|REVIEW|[amount_ratio_24h]|3",
            "alert-b|BLOCK|[speed_kmh_from_last, count_1h]|3");
    p.run().waitUntilFinish();
  }
}
