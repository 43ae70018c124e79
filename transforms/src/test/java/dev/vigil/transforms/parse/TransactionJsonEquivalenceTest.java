package dev.vigil.transforms.parse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * The streaming {@link TransactionJson} gives every record the verdict and message of the
 * tree-based parser it replaced ({@link TreeTransactionJson}): valid records, every rule broken,
 * fields in any order, repeated and unknown fields, and random corruptions of all of these.
 */
class TransactionJsonEquivalenceTest {
  private static final String[] VALUES = {
    "\"t1\"",
    "\"\"",
    "\"  \"",
    "7",
    "-3",
    "1.5",
    "-0.01",
    "0",
    "1e999",
    "-1e999",
    "12345678901234567890123",
    "9223372036854775807",
    "1795546800123",
    "true",
    "false",
    "null",
    "{\"x\":[1,2]}",
    "[1,{}]",
    "[]",
    "{}",
    "\"2026-11-24T19:00:00.123Z\"",
    "\"2026-11-24T20:00:00+01:00\"",
    "\"2026-02-30T00:00:00Z\"",
    "\"2026-11-24T19:00:00\"",
    "\"yesterday\"",
    "\"EUR\"",
    "\"eur\"",
    "\"E1R\"",
    "\"EURO\"",
    "\"POS\"",
    "\"pos\"",
    "\"ATM\"",
    "\"ECOM\"",
    "90",
    "90.5",
    "-180",
    "-180.01",
    "48.85",
    "\"\\u00e9\\u20ac\"",
    "\"caf\\u00e9\"",
    "1.0E2",
    "-0",
    "0.0"
  };
  private static final String[] FIELDS = {
    "transaction_id",
    "card_id",
    "merchant_id",
    "amount",
    "event_time",
    "merchant_category",
    "currency",
    "lat",
    "lon",
    "channel",
    "label",
    "nested"
  };

  private static String verdict(ThrowingParse parse, String payload) {
    try {
      return "ok " + parse.parse(payload);
    } catch (InvalidRecordException e) {
      return "invalid " + e.getMessage();
    }
  }

  interface ThrowingParse {
    Object parse(String payload) throws InvalidRecordException;
  }

  private static String valid(SplittableRandom r) {
    List<String> parts =
        new ArrayList<>(
            List.of(
                "\"transaction_id\":\"tx-" + r.nextInt(1000) + "\"",
                "\"card_id\":\"card-" + r.nextInt(50) + "\"",
                "\"merchant_id\":\"m-" + r.nextInt(20) + "\"",
                "\"amount\":" + r.nextInt(100_000) / 100.0,
                "\"event_time\":"
                    + (r.nextBoolean()
                        ? "\"2026-11-2"
                            + r.nextInt(10)
                            + "T1"
                            + r.nextInt(10)
                            + ":0"
                            + r.nextInt(10)
                            + ":00."
                            + r.nextInt(1000)
                            + "Z\""
                        : String.valueOf(1_795_546_800_000L + r.nextInt()))));
    if (r.nextBoolean()) {
      parts.add("\"lat\":" + (r.nextDouble() * 180 - 90));
      parts.add("\"lon\":" + (r.nextDouble() * 360 - 180));
    }
    if (r.nextBoolean()) {
      parts.add("\"channel\":\"" + List.of("POS", "ECOM", "ATM").get(r.nextInt(3)) + "\"");
    }
    if (r.nextBoolean()) {
      parts.add("\"currency\":\"" + List.of("EUR", "usd", "GbP").get(r.nextInt(3)) + "\"");
    }
    if (r.nextBoolean()) {
      parts.add("\"merchant_category\":\"grocery\"");
    }
    if (r.nextBoolean()) {
      parts.add("\"label\":" + r.nextInt(2));
    }
    Collections.shuffle(parts, new Random(r.nextLong()));
    return "{" + String.join(",", parts) + "}";
  }

  private static String mutate(SplittableRandom r, String record) {
    if (record.length() < 2) {
      return VALUES[r.nextInt(VALUES.length)];
    }
    switch (r.nextInt(6)) {
      case 0:
        { // set a field (known or not) to any value, possibly repeating it
          String field = FIELDS[r.nextInt(FIELDS.length)];
          String value = VALUES[r.nextInt(VALUES.length)];
          return r.nextBoolean()
              ? "{\"" + field + "\":" + value + "," + record.substring(1)
              : record.substring(0, record.length() - 1) + ",\"" + field + "\":" + value + "}";
        }
      case 1:
        { // drop a field
          String field = FIELDS[r.nextInt(FIELDS.length)];
          return record
              .replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,}]*),?", "")
              .replace(",}", "}");
        }
      case 2:
        { // delete a character
          int at = r.nextInt(record.length());
          return record.substring(0, at) + record.substring(at + 1);
        }
      case 3:
        { // insert a character
          int at = r.nextInt(record.length() + 1);
          String alphabet = "{}[]\",:x0 \\-.e";
          return record.substring(0, at)
              + alphabet.charAt(r.nextInt(alphabet.length()))
              + record.substring(at);
        }
      case 4: // truncate
        return record.substring(0, r.nextInt(record.length() + 1));
      default: // not an object, or trailing text
        return r.nextBoolean()
            ? VALUES[r.nextInt(VALUES.length)]
            : record + " " + VALUES[r.nextInt(VALUES.length)];
    }
  }

  @Test
  void streamingParserAgreesWithTheTreeParserOnEveryRecord() {
    TransactionJson streaming = new TransactionJson(TransactionJson.DEFAULT_MAX_RECORD_BYTES);
    TreeTransactionJson tree = new TreeTransactionJson(TransactionJson.DEFAULT_MAX_RECORD_BYTES);
    SplittableRandom r = new SplittableRandom(3);
    int valid = 0;
    for (int i = 0; i < 100_000; i++) {
      String record = valid(r);
      for (int m = r.nextInt(4); m > 0; m--) {
        record = mutate(r, record);
      }
      String expected = verdict(tree::parse, record);
      assertThat(record, verdict(streaming::parse, record), equalTo(expected));
      valid += expected.startsWith("ok") ? 1 : 0;
    }
    assertThat("the corpus mixes valid and invalid records", valid, greaterThan(20_000));
    assertThat("the corpus mixes valid and invalid records", valid, Matchers.lessThan(90_000));
  }

  @Test
  void sizeLimitCountsUtf8BytesAsGetBytesDoes() {
    SplittableRandom r = new SplittableRandom(5);
    String alphabet = "a\u00e9\u20ac\ud83d\ude00\ud800\udc00";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder s = new StringBuilder();
      for (int n = r.nextInt(40); n > 0; n--) {
        s.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      int max = r.nextInt(1, 120);
      String text = s.toString();
      assertThat(
          text,
          TransactionJson.utf8LengthExceeds(text, max),
          equalTo(text.getBytes(StandardCharsets.UTF_8).length > max));
    }
  }
}
