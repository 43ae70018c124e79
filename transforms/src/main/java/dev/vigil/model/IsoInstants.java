package dev.vigil.model;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * ISO-8601 instants on the hot path, read and written without {@code java.time}'s formatters for
 * the shapes every record uses, with {@code java.time} itself for every other shape, so results
 * (and errors) are exactly {@code java.time}'s:
 *
 * <ul>
 *   <li>{@link #parseMillis} is {@code OffsetDateTime.parse(text).toInstant().toEpochMilli()};
 *   <li>{@link #format} is {@code Instant.ofEpochMilli(millis).toString()}.
 * </ul>
 *
 * <p>A record's event time used to be parsed twice (watermark, then parser) by {@code java.time},
 * which cost about a quarter of the Kafka source's CPU.
 */
public final class IsoInstants {
  private static final long NOT_FAST = Long.MIN_VALUE;
  private static final long DAYS_0000_TO_1970 = 719_528L;

  private IsoInstants() {}

  /**
   * Epoch milliseconds of an ISO-8601 date-time with offset ({@code 2026-11-24T19:00:00.123Z},
   * {@code 2026-11-24T20:00:00+01:00}); throws {@link java.time.format.DateTimeParseException} (or
   * {@link ArithmeticException}) exactly when {@code OffsetDateTime.parse} would.
   */
  public static long parseMillis(String text) {
    long fast = parseCommon(text);
    return fast != NOT_FAST ? fast : OffsetDateTime.parse(text).toInstant().toEpochMilli();
  }

  /**
   * {@code Instant.ofEpochMilli(epochMillis).toString()}, e.g. {@code 2026-11-24T19:00:00.123Z}.
   */
  public static String format(long epochMillis) {
    long seconds = Math.floorDiv(epochMillis, 1000L);
    int millis = (int) Math.floorMod(epochMillis, 1000L);
    long days = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    // Civil date from days since 1970-01-01 (proleptic Gregorian), for years 0000..9999.
    long z = days + DAYS_0000_TO_1970 - 60; // days since 0000-03-01
    long era = Math.floorDiv(z, 146_097L);
    int doe = (int) (z - era * 146_097L);
    int yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int day = doy - (153 * mp + 2) / 5 + 1;
    int month = mp < 10 ? mp + 3 : mp - 9;
    long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999) {
      return Instant.ofEpochMilli(epochMillis).toString();
    }
    char[] c = new char[millis == 0 ? 20 : 24];
    digits(c, 0, (int) year, 4);
    c[4] = '-';
    digits(c, 5, month, 2);
    c[7] = '-';
    digits(c, 8, day, 2);
    c[10] = 'T';
    digits(c, 11, secondOfDay / 3600, 2);
    c[13] = ':';
    digits(c, 14, secondOfDay / 60 % 60, 2);
    c[16] = ':';
    digits(c, 17, secondOfDay % 60, 2);
    if (millis == 0) {
      c[19] = 'Z';
    } else {
      c[19] = '.';
      digits(c, 20, millis, 3);
      c[23] = 'Z';
    }
    return new String(c);
  }

  private static void digits(char[] c, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)} with every field in range, else {@link
   * #NOT_FAST} (leaving the verdict to {@code java.time}).
   */
  private static long parseCommon(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return NOT_FAST;
    }
    int year = number(s, 0, 4);
    int month = number(s, 5, 2);
    int day = number(s, 8, 2);
    int hour = number(s, 11, 2);
    int minute = number(s, 14, 2);
    int second = number(s, 17, 2);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > lengthOfMonth(year, month)
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return NOT_FAST;
    }
    int i = 19;
    long nanos = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 9 && isDigit(s.charAt(i))) {
        nanos = nanos * 10 + (s.charAt(i) - '0');
        i++;
      }
      int width = i - start;
      if (width == 0 || (i < n && isDigit(s.charAt(i)))) {
        return NOT_FAST;
      }
      for (int w = width; w < 9; w++) {
        nanos *= 10;
      }
    }
    int offsetSeconds;
    if (i == n - 1 && s.charAt(i) == 'Z') {
      offsetSeconds = 0;
    } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
      int oh = number(s, i + 1, 2);
      int om = number(s, i + 4, 2);
      if (oh < 0 || oh > 17 || om < 0 || om > 59) {
        return NOT_FAST;
      }
      offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    } else {
      return NOT_FAST;
    }
    long epochSecond =
        epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    return epochSecond * 1000L + nanos / 1_000_000L;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The decimal number in {@code s[at, at + width)}, or -1 if any of it is not a digit. */
  private static int number(String s, int at, int width) {
    int v = 0;
    for (int i = at; i < at + width; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static int lengthOfMonth(int year, int month) {
    switch (month) {
      case 2:
        return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** Days since 1970-01-01 of a valid proleptic Gregorian date with year 0..9999. */
  private static long epochDay(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long mp = month > 2 ? month - 3 : month + 9;
    long doy = (153 * mp + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097L + doe - DAYS_0000_TO_1970 + 60;
  }
}
