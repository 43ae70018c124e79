package dev.vigil.transforms.windows;

import dev.vigil.model.CardSession;
import dev.vigil.model.DecidedTransaction;
import dev.vigil.model.Transaction;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * Per-card activity sessions: event-time session windows with a gap (default 30 minutes). Session
 * start and end are the event times of the session's first and last transaction.
 *
 * <p>Fires when the watermark passes the session's end (last transaction + gap), then again for
 * every late transaction within the allowed lateness (default 10 minutes), accumulating; a late
 * transaction can extend or merge sessions, and the merged session is emitted anew.
 *
 * <p>Two state layouts compute the same panes ({@link Layout}): Beam's merging session windows (the
 * default, on every runner) or each card's open sessions in one state cell with one timer ({@link
 * Layout#STATEFUL}, which needs user timers, so not on Spark streaming).
 *
 * <pre>{@code
 * PCollection<CardSession> sessions =
 *     decided.apply("CardSessions", CardSessions.create().withGap(Duration.standardMinutes(15)));
 * }</pre>
 */
public final class CardSessions
    extends PTransform<PCollection<DecidedTransaction>, PCollection<CardSession>> {
  /** How the sessions' state is kept; both give the same panes. */
  public enum Layout {
    /**
     * Beam's {@link Sessions} windows with a combining aggregation: per (card, session) state,
     * timers and watermark holds, and Beam's merging-window bookkeeping on every transaction.
     */
    WINDOWED,
    /**
     * One state cell per card holding its open sessions, and one timer ({@code
     * StatefulCardSessionsFn}). Needs user timers.
     */
    STATEFUL
  }

  private final Duration gap;
  private final Duration allowedLateness;
  private final Layout layout;

  private CardSessions(Duration gap, Duration allowedLateness, Layout layout) {
    this.gap = gap;
    this.allowedLateness = allowedLateness;
    this.layout = layout;
  }

  public static CardSessions create() {
    return new CardSessions(
        Duration.standardMinutes(30), Duration.standardMinutes(10), Layout.WINDOWED);
  }

  public CardSessions withGap(Duration gap) {
    MerchantWindows.requirePositive("gap", gap);
    return new CardSessions(gap, allowedLateness, layout);
  }

  public CardSessions withAllowedLateness(Duration allowedLateness) {
    if (allowedLateness == null || allowedLateness.getMillis() < 0) {
      throw new IllegalArgumentException("allowedLateness must be >= 0, got " + allowedLateness);
    }
    return new CardSessions(gap, allowedLateness, layout);
  }

  public CardSessions withLayout(Layout layout) {
    if (layout == null) {
      throw new IllegalArgumentException("layout must be WINDOWED or STATEFUL, got null");
    }
    return new CardSessions(gap, allowedLateness, layout);
  }

  @Override
  public PCollection<CardSession> expand(PCollection<DecidedTransaction> input) {
    PCollection<KV<String, WindowStats>> activity =
        input.apply("KeyByCard", KeyedActivity.by(Transaction::getCardId));
    if (layout == Layout.STATEFUL) {
      return activity.apply(
          "SummarizeSessions",
          ParDo.of(new StatefulCardSessionsFn(gap.getMillis(), allowedLateness.getMillis())));
    }
    return activity
        .apply(
            "IntoSessions",
            Window.<KV<String, WindowStats>>into(Sessions.withGapDuration(gap))
                .triggering(LateDataTrigger.onTimeThenEveryLateElement())
                .withAllowedLateness(allowedLateness)
                .accumulatingFiredPanes())
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
