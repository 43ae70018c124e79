package dev.vigil.transforms.windows;

import dev.vigil.model.CardSession;
import dev.vigil.model.DecidedTransaction;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Per-card activity sessions: event-time session windows with a gap (default 30 minutes).
 * Session start and end are the event times of the session's first and last transaction.
 *
 * <p>Fires when the watermark passes the session's end (last transaction + gap), then again for
 * every late transaction within the allowed lateness (default 10 minutes), accumulating; a late
 * transaction can extend or merge sessions, and the merged session is emitted anew.
 *
 * <pre>{@code
 * PCollection<CardSession> sessions =
 *     decided.apply("CardSessions", CardSessions.create().withGap(Duration.standardMinutes(15)));
 * }</pre>
 */
public final class CardSessions
    extends PTransform<PCollection<DecidedTransaction>, PCollection<CardSession>> {
  private final Duration gap;
  private final Duration allowedLateness;

  private CardSessions(Duration gap, Duration allowedLateness) {
    this.gap = gap;
    this.allowedLateness = allowedLateness;
  }

  public static CardSessions create() {
    return new CardSessions(Duration.standardMinutes(30), Duration.standardMinutes(10));
  }

  public CardSessions withGap(Duration gap) {
    MerchantWindows.requirePositive("gap", gap);
    return new CardSessions(gap, allowedLateness);
  }

  public CardSessions withAllowedLateness(Duration allowedLateness) {
    if (allowedLateness == null || allowedLateness.getMillis() < 0) {
      throw new IllegalArgumentException("allowedLateness must be >= 0, got " + allowedLateness);
    }
    return new CardSessions(gap, allowedLateness);
  }

  @Override
  public PCollection<CardSession> expand(PCollection<DecidedTransaction> input) {
    dev.vigil.model.VigilCoders.registerOn(input.getPipeline());
    return input
        .apply(
            "IntoSessions",
            Window.<DecidedTransaction>into(Sessions.withGapDuration(gap))
                .triggering(LateDataTrigger.onTimeThenEveryLateElement())
                .withAllowedLateness(allowedLateness)
                .accumulatingFiredPanes())
        .apply(
            "KeyByCard",
            WithKeys.of((DecidedTransaction f) -> f.getTransaction().getCardId())
                .withKeyType(TypeDescriptors.strings()))
        .apply("SummarizePerCard", Combine.perKey(new SummarizeWindow()))
        .apply("ToCardSession", ParDo.of(new ToCardSessionFn()));
  }

  private static final class ToCardSessionFn extends DoFn<KV<String, WindowStats>, CardSession> {
    @ProcessElement
    public void process(
        @Element KV<String, WindowStats> e, PaneInfo pane, OutputReceiver<CardSession> out) {
      WindowStats s = e.getValue();
      out.output(
          CardSession.builder()
              .setCardId(e.getKey())
              .setSessionStartMillis(s.firstMillis)
              .setSessionEndMillis(s.lastMillis)
              .setTxnCount(s.count)
              .setAmountSum(s.amountSum)
              .setMaxScore(s.maxScore)
              .setPaneTiming(PaneTiming.of(pane))
              .build());
    }
  }
}
