package dev.vigil.console;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {
  /** A clock the test moves. */
  static final class Hand extends Clock {
    long millis = 1_000_000;

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void aNameIsRefusedAfterItsFailuresUntilTheOldestLeavesTheWindow() {
    Hand clock = new Hand();
    SignInThrottle t = new SignInThrottle(3, 100, Duration.ofMinutes(15), clock);
    for (int i = 0; i < 3; i++) {
      assertThat(t.retryAfterSeconds("alice", "10.0.0.1"), equalTo(0L));
      t.failed("alice", "10.0.0.1");
      clock.millis += 60_000;
    }
    // Three failures at 0, 1 and 2 minutes; now is 3 minutes: the first leaves at 15 minutes.
    assertThat(t.retryAfterSeconds("alice", "10.0.0.1"), equalTo(12 * 60L));
    // From another address too: the name is what is guessed.
    assertThat(t.retryAfterSeconds("alice", "10.0.0.2"), equalTo(12 * 60L));
    // Other names are not held back.
    assertThat(t.retryAfterSeconds("bob", "10.0.0.1"), equalTo(0L));
    clock.millis += 12 * 60_000 - 1;
    assertThat(t.retryAfterSeconds("alice", "10.0.0.1"), equalTo(1L));
    clock.millis += 1;
    assertThat(t.retryAfterSeconds("alice", "10.0.0.1"), equalTo(0L));
  }

  @Test
  void anAddressIsRefusedAfterFailuresForManyNames() {
    Hand clock = new Hand();
    SignInThrottle t = new SignInThrottle(100, 4, Duration.ofMinutes(15), clock);
    for (String name : new String[] {"a", "b", "c", "d"}) {
      t.failed(name, "10.0.0.9");
    }
    assertThat(t.retryAfterSeconds("e", "10.0.0.9"), equalTo(15 * 60L));
    assertThat(t.retryAfterSeconds("e", "10.0.0.8"), equalTo(0L));
  }

  @Test
  void aSuccessClearsTheNamesFailures() {
    Hand clock = new Hand();
    SignInThrottle t = new SignInThrottle(2, 100, Duration.ofMinutes(15), clock);
    t.failed("alice", "10.0.0.1");
    t.succeeded("alice");
    t.failed("alice", "10.0.0.1");
    assertThat(t.retryAfterSeconds("alice", "10.0.0.1"), equalTo(0L));
    t.failed("alice", "10.0.0.1");
    assertThat(t.retryAfterSeconds("alice", "10.0.0.1") > 0, equalTo(true));
  }

  @Test
  void randomNamesCannotGrowItsMemoryPastItsCap() {
    Hand clock = new Hand();
    SignInThrottle t = new SignInThrottle(1, Integer.MAX_VALUE, Duration.ofMinutes(15), clock);
    for (int i = 0; i < SignInThrottle.MAX_KEYS * 2; i++) {
      t.failed("name-" + i, "10.0.0.1");
    }
    // The newest names are still held back; the oldest were forgotten.
    assertThat(
        t.retryAfterSeconds("name-" + (SignInThrottle.MAX_KEYS * 2 - 1), "x") > 0, equalTo(true));
    assertThat(t.retryAfterSeconds("name-0", "x"), equalTo(0L));
  }
}
