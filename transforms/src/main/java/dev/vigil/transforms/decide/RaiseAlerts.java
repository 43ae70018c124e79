package dev.vigil.transforms.decide;

import dev.vigil.model.Alert;
import dev.vigil.model.DecidedTransaction;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/** One {@link Alert} per {@code REVIEW} or {@code BLOCK} decision, with its reasons. */
public final class RaiseAlerts
    extends PTransform<PCollection<DecidedTransaction>, PCollection<Alert>> {
  private RaiseAlerts() {}

  public static RaiseAlerts create() {
    return new RaiseAlerts();
  }

  @Override
  public PCollection<Alert> expand(PCollection<DecidedTransaction> input) {
    return input.apply("AlertsForReviewAndBlock", ParDo.of(new AlertFn()));
  }

  private static final class AlertFn extends DoFn<DecidedTransaction, Alert> {
    @ProcessElement
    public void process(@Element DecidedTransaction d, OutputReceiver<Alert> out) {
      if (d.isAlert()) {
        out.output(Alert.of(d));
      }
    }
  }
}
