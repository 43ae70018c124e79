package dev.vigil.console;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Limits password guessing: after {@code perName} failed sign-ins for one analyst name, or {@code
 * perAddress} from one client address, within {@code window}, further attempts for that name or
 * from that address are refused (HTTP 429, with when to retry) until the oldest failure leaves the
 * window; the refused attempts do not check the password. A successful sign-in clears its name's
 * failures. At most {@code MAX_KEYS} names and addresses are remembered (the least recently failed
 * are forgotten), so random names cannot exhaust memory. Thread-safe.
 */
final class SignInThrottle {
  static final int MAX_KEYS = 10_000;

  private final int perName;
  private final int perAddress;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Deque<Long>> failures =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
          return size() > MAX_KEYS;
        }
      };

  SignInThrottle(int perName, int perAddress, Duration window, Clock clock) {
    this.perName = perName;
    this.perAddress = perAddress;
    this.window = window;
    this.clock = clock;
  }

  /** The console's limits: 5 failures per name, 20 per address, in 15 minutes. */
  static SignInThrottle standard() {
    return new SignInThrottle(5, 20, Duration.ofMinutes(15), Clock.systemUTC());
  }

  /** Seconds until {@code name} may try again from {@code address}; 0 when it may try now. */
  synchronized long retryAfterSeconds(String name, String address) {
    long now = clock.millis();
    long wait =
        Math.max(wait("name:" + name, perName, now), wait("ip:" + address, perAddress, now));
    return (wait + 999) / 1000;
  }

  synchronized void failed(String name, String address) {
    long now = clock.millis();
    failures.computeIfAbsent("name:" + name, k -> new ArrayDeque<>()).addLast(now);
    failures.computeIfAbsent("ip:" + address, k -> new ArrayDeque<>()).addLast(now);
  }

  synchronized void succeeded(String name) {
    failures.remove("name:" + name);
  }

  /** Milliseconds until {@code key} has fewer than {@code limit} failures in the window. */
  private long wait(String key, int limit, long now) {
    Deque<Long> times = failures.get(key);
    if (times == null) {
      return 0;
    }
    long from = now - window.toMillis();
    while (!times.isEmpty() && times.peekFirst() <= from) {
      times.removeFirst();
    }
    if (times.isEmpty()) {
      failures.remove(key);
      return 0;
    }
    if (times.size() < limit) {
      return 0;
    }
    // The failure that must leave the window before the count drops below the limit.
    long blocking = times.stream().skip(times.size() - limit).findFirst().orElseThrow();
    return blocking + window.toMillis() - now;
  }
}
