package dev.vigil.transforms.windows;

import dev.vigil.model.VersionedStateCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * One card's state in {@link CardSessions.Layout#STATEFUL}: its sessions not yet expired, sorted by
 * start, their windows ({@code [first, last + gap)}) disjoint, and when the card's one timer is
 * set. A held value is never changed: {@link #copy()} first (sessions are replaced, not changed, so
 * a copy may share them).
 */
final class OpenSessions {
  /** No timer set. */
  static final long NO_TIMER = Long.MIN_VALUE;

  /** One session: its activity and whether it has had a pane. Never changed once held. */
  static final class Session {
    final WindowStats stats;
    final boolean fired;

    Session(WindowStats stats, boolean fired) {
      this.stats = stats;
      this.fired = fired;
    }

    long first() {
      return stats.firstMillis;
    }

    /** The end of the session's window: last transaction + gap. */
    long end(long gap) {
      return stats.lastMillis + gap;
    }

    Session withFired() {
      return new Session(stats, true);
    }
  }

  final List<Session> sessions;
  final long timerAt;

  OpenSessions(List<Session> sessions, long timerAt) {
    this.sessions = sessions;
    this.timerAt = timerAt;
  }

  static OpenSessions empty() {
    return new OpenSessions(new ArrayList<>(2), NO_TIMER);
  }

  OpenSessions copy() {
    return new OpenSessions(new ArrayList<>(sessions), timerAt);
  }

  OpenSessions withTimerAt(long at) {
    return new OpenSessions(sessions, at);
  }

  /** Deterministic coder for {@link OpenSessions}. */
  static final class Coder extends AtomicCoder<OpenSessions> {
    private static final Coder INSTANCE = new Coder();

    static Coder of() {
      return INSTANCE;
    }

    /** Version of this encoding in state; bump it whenever the encoding changes. */
    static final int STATE_VERSION = 1;

    /** The coder of a card's open sessions in state: this one behind its format's version. */
    static VersionedStateCoder<OpenSessions> state() {
      return VersionedStateCoder.of("card sessions", 'S', STATE_VERSION, INSTANCE);
    }

    @Override
    public void encode(OpenSessions o, OutputStream out) throws IOException {
      VarLongCoder.of().encode(o.timerAt, out);
      VarIntCoder.of().encode(o.sessions.size(), out);
      for (Session s : o.sessions) {
        WindowStats.Coder.of().encode(s.stats, out);
        BooleanCoder.of().encode(s.fired, out);
      }
    }

    @Override
    public OpenSessions decode(InputStream in) throws IOException {
      long timerAt = VarLongCoder.of().decode(in);
      int n = VarIntCoder.of().decode(in);
      List<Session> sessions = new ArrayList<>(Math.max(2, n));
      for (int i = 0; i < n; i++) {
        sessions.add(new Session(WindowStats.Coder.of().decode(in), BooleanCoder.of().decode(in)));
      }
      return new OpenSessions(sessions, timerAt);
    }

    @Override
    public void verifyDeterministic() {}
  }
}
