package dev.vigil.console;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in analysts: a random session id (the cookie) maps to the analyst and a CSRF token that
 * every POST must echo. A session ends after {@code idle} without a request, or {@code maximum}
 * after sign-in, whichever comes first.
 */
final class Sessions {
  /** One signed-in analyst. */
  record Session(String id, String analyst, String csrfToken, long startedMillis) {}

  private final Map<String, Session> byId = new ConcurrentHashMap<>();
  private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
  private final Duration idle;
  private final Duration maximum;
  private final Clock clock;

  Sessions(Duration idle, Duration maximum, Clock clock) {
    this.idle = idle;
    this.maximum = maximum;
    this.clock = clock;
  }

  Session start(String analyst) {
    long now = clock.millis();
    Session s = new Session(Users.randomToken(32), analyst, Users.randomToken(32), now);
    byId.put(s.id(), s);
    lastSeen.put(s.id(), now);
    return s;
  }

  /** The live session of {@code id}, touched; empty when unknown or expired (then forgotten). */
  Optional<Session> find(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Session s = byId.get(id);
    if (s == null) {
      return Optional.empty();
    }
    long now = clock.millis();
    Long seen = lastSeen.get(id);
    if (seen == null
        || now - seen > idle.toMillis()
        || now - s.startedMillis() > maximum.toMillis()) {
      end(id);
      return Optional.empty();
    }
    lastSeen.put(id, now);
    return Optional.of(s);
  }

  void end(String id) {
    byId.remove(id);
    lastSeen.remove(id);
  }

  /** Forgets expired sessions (called now and then). */
  void sweep() {
    for (String id : byId.keySet()) {
      find(id);
    }
  }
}
