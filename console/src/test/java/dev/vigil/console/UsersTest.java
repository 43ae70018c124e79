package dev.vigil.console;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersTest {
  @Test
  void aUsersFileLineChecksItsPasswordOnlyAndSaltsEachHash(@TempDir Path dir) throws Exception {
    String line = Users.hashLine("alice", "correct horse".toCharArray());
    assertThat(line, not(containsString("correct horse")));
    assertThat(
        Users.hashLine("alice", "correct horse".toCharArray()), not(equalTo(line))); // new salt
    Path file = dir.resolve("users");
    Files.write(file, List.of("# analysts", line, ""));
    Users users = Users.read(file);
    assertThat(users.check("alice", "correct horse".toCharArray()), equalTo(true));
    assertThat(users.check("alice", "correct horsf".toCharArray()), equalTo(false));
    assertThat(users.check("mallory", "correct horse".toCharArray()), equalTo(false));
    assertThat(users.check(null, "x".toCharArray()), equalTo(false));
  }

  @Test
  void aMalformedUsersFileFailsWithTheLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("users");
    Files.write(file, List.of("alice:plaintext"));
    Exception e = assertThrows(IllegalArgumentException.class, () -> Users.read(file));
    assertThat(e.getMessage(), containsString("users:1: expected name:pbkdf2-sha256$"));
    assertThrows(IllegalArgumentException.class, () -> Users.read(dir.resolve("missing")));
  }

  @Test
  void noDefaultPasswordOffLoopback() {
    Exception e =
        assertThrows(IllegalArgumentException.class, () -> ConsoleConfig.parse("--host=0.0.0.0"));
    assertThat(e.getMessage(), containsString("pass --usersFile"));
    assertThat(ConsoleConfig.parse().port(), equalTo(8080));
    assertThrows(IllegalArgumentException.class, () -> ConsoleConfig.parse("--prot=1"));
    assertThrows(IllegalArgumentException.class, () -> ConsoleConfig.parse("--port=-1"));
  }

  @Test
  void sessionsExpireWhenIdleAndAfterTheirMaximum() {
    MutableClock clock = new MutableClock();
    Sessions sessions = new Sessions(Duration.ofMinutes(30), Duration.ofHours(12), clock);
    Sessions.Session s = sessions.start("alice");
    clock.advance(Duration.ofMinutes(29));
    assertThat(sessions.find(s.id()).isPresent(), equalTo(true));
    clock.advance(Duration.ofMinutes(31));
    assertThat(sessions.find(s.id()).isPresent(), equalTo(false));
    Sessions.Session busy = sessions.start("bob");
    for (int i = 0; i < 25; i++) {
      clock.advance(Duration.ofMinutes(29));
      sessions.find(busy.id());
    }
    assertThat(sessions.find(busy.id()).isPresent(), equalTo(false)); // past 12 h
    assertThat(sessions.find(null).isPresent(), equalTo(false));
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-12-07T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
