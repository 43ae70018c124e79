package dev.vigil.transforms.windows;

import dev.vigil.model.CardSession;
import dev.vigil.transforms.windows.OpenSessions.Session;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;

/**
 * {@link CardSessions} in one state cell per card ({@link OpenSessions}) and one event-time timer,
 * with the panes of Beam's session windows under {@link LateDataTrigger}:
 *
 * <ul>
 *   <li>a transaction opens the window {@code [t, t + gap)}, merged with every session whose window
 *       it overlaps (a late one can extend or bridge sessions: the result is a new session, which
 *       gets panes of its own);
 *   <li>a session's first pane, {@code ON_TIME}, comes when the watermark passes its end;
 *   <li>a transaction that lands in a session the watermark has passed outputs it at once, {@code
 *       LATE}, accumulated;
 *   <li>a transaction whose own window ended more than the allowed lateness before the watermark is
 *       dropped and counted ({@code card_session_transactions_dropped_late}); a session is
 *       forgotten once the watermark passes its end plus the allowed lateness.
 * </ul>
 *
 * <p>Each pane is output at its session's last instant ({@code end - 1}), as the windowed layout
 * does. The timer stands at the earliest session end still waiting for its pane; when a session
 * grows the timer is left where it is and moved on when it fires, so a card's steady stream of
 * transactions costs no timer update per transaction. Expired sessions are dropped when the card
 * next transacts, or by the timer a day after they expire if it stays silent: the state stays
 * bounded without a timer firing per session just to forget it.
 */
final class StatefulCardSessionsFn extends DoFn<KV<String, WindowStats>, CardSession> {
  /** How long after expiry an idle card's sessions are cleared by the timer. */
  static final long FORGET_AFTER_MILLIS = 24 * 60 * 60 * 1000L;

  private final long gap;
  private final long lateness;
  private final Counter dropped =
      Metrics.counter("vigil.windows", "card_session_transactions_dropped_late");

  @StateId("sessions")
  private final StateSpec<ValueState<OpenSessions>> sessionsSpec =
      StateSpecs.value(OpenSessions.Coder.state());

  @TimerId("next")
  private final TimerSpec nextSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  StatefulCardSessionsFn(long gap, long lateness) {
    this.gap = gap;
    this.lateness = lateness;
  }

  @ProcessElement
  public void process(
      @Element KV<String, WindowStats> element,
      @Timestamp Instant timestamp,
      @StateId("sessions") ValueState<OpenSessions> state,
      @TimerId("next") Timer next,
      OutputReceiver<CardSession> out) {
    // For an event-time timer, the current relative time is the input watermark.
    long watermark = next.getCurrentRelativeTime().getMillis();
    long t = timestamp.getMillis();
    if (t + gap - 1 + lateness < watermark) {
      dropped.inc();
      return;
    }
    OpenSessions held = state.read();
    List<Session> sessions = new ArrayList<>(held == null ? 1 : held.sessions.size() + 1);
    if (held != null) {
      for (Session s : held.sessions) {
        // An expired session is forgotten once it has had its pane (its timer gives it one first).
        if (!s.fired || s.end(gap) - 1 + lateness >= watermark) {
          sessions.add(s);
        }
      }
    }
    WindowStats merged = element.getValue().copy();
    long start = t;
    long end = t + gap;
    boolean overdue = false; // holds a session the watermark passed before its timer fired
    for (boolean grew = true; grew; ) {
      grew = false;
      for (Iterator<Session> it = sessions.iterator(); it.hasNext(); ) {
        Session s = it.next();
        if (s.first() < end && start < s.end(gap)) {
          merged.merge(s.stats);
          start = Math.min(start, s.first());
          end = Math.max(end, s.end(gap));
          overdue |= !s.fired && s.end(gap) - 1 < watermark;
          it.remove();
          grew = true;
        }
      }
    }
    boolean fired = false;
    if (end - 1 < watermark) {
      out.outputWithTimestamp(
          session(element.getKey(), merged, overdue ? "ON_TIME" : "LATE"), new Instant(end - 1));
      fired = true;
    }
    insertByStart(sessions, new Session(merged, fired));
    long timerAt = held == null ? OpenSessions.NO_TIMER : held.timerAt;
    long needed = nextAction(sessions);
    if (timerAt == OpenSessions.NO_TIMER || needed < timerAt) {
      next.set(new Instant(needed));
      timerAt = needed;
    }
    state.write(new OpenSessions(sessions, timerAt));
  }

  @OnTimer("next")
  public void onNext(
      @Key String card,
      @Timestamp Instant firing,
      @StateId("sessions") ValueState<OpenSessions> state,
      @TimerId("next") Timer next,
      OutputReceiver<CardSession> out) {
    OpenSessions held = state.read();
    if (held == null) {
      return;
    }
    long now = firing.getMillis(); // the watermark has passed it
    List<Session> kept = new ArrayList<>(held.sessions.size());
    for (Session s : held.sessions) {
      long last = s.end(gap) - 1;
      if (!s.fired && last <= now) {
        out.outputWithTimestamp(session(card, s.stats, "ON_TIME"), new Instant(last));
        s = s.withFired();
      }
      if (!(s.fired && last + lateness <= now)) {
        kept.add(s);
      }
    }
    if (kept.isEmpty()) {
      state.clear();
      return;
    }
    long needed = nextAction(kept);
    next.set(new Instant(needed));
    state.write(new OpenSessions(kept, needed));
  }

  /**
   * When the card's timer must next fire: the earliest session end not yet paned, else a day after
   * the sessions expire (expired sessions are also dropped whenever the card transacts, so a card
   * active at least daily never needs a timer just to forget a session).
   */
  private long nextAction(List<Session> sessions) {
    long at = Long.MAX_VALUE;
    for (Session s : sessions) {
      at = Math.min(at, s.end(gap) - 1 + (s.fired ? lateness + FORGET_AFTER_MILLIS : 0));
    }
    return at;
  }

  private static void insertByStart(List<Session> sessions, Session s) {
    int i = 0;
    while (i < sessions.size() && sessions.get(i).first() < s.first()) {
      i++;
    }
    sessions.add(i, s);
  }

  private static CardSession session(String card, WindowStats s, String timing) {
    return CardSession.builder()
        .setCardId(card)
        .setSessionStartMillis(s.firstMillis)
        .setSessionEndMillis(s.lastMillis)
        .setTxnCount(s.count)
        .setAmountSum(s.amountSum)
        .setMaxScore(s.maxScore)
        .setPaneTiming(timing)
        .build();
  }
}
