package dev.vigil.model;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link IsoInstants} must agree with {@code java.time} on every input, valid or not. */
class IsoInstantsTest {
  /** What {@code java.time} says: the millis, or the exception's class. */
  private static Object javaTime(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeException | ArithmeticException e) {
      return e.getClass();
    }
  }

  private static Object fast(String text) {
    try {
      return IsoInstants.parseMillis(text);
    } catch (DateTimeException | ArithmeticException e) {
      return e.getClass();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-24T19:00:00.123Z",
        "2026-11-24T19:00:00Z",
        "2026-11-24T20:00:00.123+01:00",
        "2026-11-24T18:30:00.1-00:30",
        "1969-12-31T23:59:59.999Z",
        "1900-02-28T00:00:00.000000001Z",
        "2000-02-29T12:00:00.123456789Z",
        "2001-02-29T12:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z",
        "2026-04-31T00:00:00Z",
        "2026-11-24T24:00:00Z",
        "2026-11-24T19:60:00Z",
        "2026-11-24T19:00:60Z",
        "2026-11-24T19:00:00",
        "2026-11-24T19:00Z",
        "2026-11-24t19:00:00z",
        "2026-11-24T19:00:00.Z",
        "2026-11-24T19:00:00.1234567891Z",
        "2026-11-24T19:00:00+18:00",
        "2026-11-24T19:00:00+19:00",
        "2026-11-24T19:00:00+01:60",
        "2026-11-24T19:00:00+0100",
        "2026-11-24T19:00:00+01:00:30",
        "+12026-11-24T19:00:00Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999Z",
        "2026-11-24 19:00:00Z",
        "yesterday",
        "",
        "2026-1a-24T19:00:00Z",
        "2026-11-24T19:00:00.12aZ",
        "2026-11-24T19:00:00ZZ",
        "2026-11-24T19:00:00-00:00"
      })
  void parsesAsJavaTimeDoes(String text) {
    assertThat(text, fast(text), equalTo(javaTime(text)));
  }

  @Test
  void parsesRandomInstantsAsJavaTimeDoes() {
    SplittableRandom r = new SplittableRandom(7);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      long millis = r.nextLong(-62_167_219_200_000L, 253_402_300_799_999L); // years 0000..9999
      String iso = Instant.ofEpochMilli(millis).toString();
      texts.add(iso);
      int offsetMinutes = r.nextInt(-18 * 60, 18 * 60 + 1);
      texts.add(
          OffsetDateTime.ofInstant(
                  Instant.ofEpochMilli(millis), ZoneOffset.ofTotalSeconds(offsetMinutes * 60))
              .toString());
      // One character changed: valid or not, both must agree.
      char[] c = iso.toCharArray();
      c[r.nextInt(c.length)] = "0123456789-:.TZ+x".charAt(r.nextInt(17));
      texts.add(new String(c));
    }
    for (String t : texts) {
      assertThat(t, fast(t), equalTo(javaTime(t)));
    }
  }

  @Test
  void formatsAsInstantToString() {
    SplittableRandom r = new SplittableRandom(11);
    long[] edges = {
      0,
      -1,
      1,
      999,
      1000,
      -1000,
      -1001,
      1_795_546_800_123L,
      1_795_546_800_000L,
      -62_167_219_200_000L,
      -62_167_219_200_001L,
      253_402_300_799_999L,
      253_402_300_800_000L,
      Long.MAX_VALUE / 1000,
      -31_557_014_167_219_200L
    };
    for (long millis : edges) {
      assertThat(IsoInstants.format(millis), equalTo(Instant.ofEpochMilli(millis).toString()));
    }
    for (int i = 0; i < 200_000; i++) {
      long millis = r.nextLong(-70_000_000_000_000L, 260_000_000_000_000L);
      assertThat(IsoInstants.format(millis), equalTo(Instant.ofEpochMilli(millis).toString()));
    }
  }

  @Test
  void failsAsJavaTimeDoes() {
    assertThrows(
        DateTimeParseException.class, () -> IsoInstants.parseMillis("2026-02-30T00:00:00Z"));
  }
}
