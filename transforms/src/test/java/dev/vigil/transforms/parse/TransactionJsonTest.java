package dev.vigil.transforms.parse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.model.Transaction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TransactionJsonTest {
  private static final String VALID =
      "{\"transaction_id\":\"t1\",\"card_id\":\"c1\",\"merchant_id\":\"m1\",\"amount\":12.5,"
          + "\"event_time\":\"2026-11-24T19:00:00.123Z\"";
  private final TransactionJson json =
      new TransactionJson(TransactionJson.DEFAULT_MAX_RECORD_BYTES);

  @Test
  void parsesAllFieldsAndIgnoresUnknownOnes() throws Exception {
    Transaction t =
        json.parse(
            VALID
                + ",\"merchant_category\":\"grocery\",\"currency\":\"eur\",\"lat\":48.85,"
                + "\"lon\":2.35,\"channel\":\"POS\",\"label\":1,\"nested\":{\"x\":[1,2]}}");
    assertThat(t.getTransactionId(), equalTo("t1"));
    assertThat(t.getCardId(), equalTo("c1"));
    assertThat(t.getMerchantId(), equalTo("m1"));
    assertThat(t.getAmount(), closeTo(12.5, 0));
    assertThat(t.getEventTimeMillis(), equalTo(1_795_546_800_123L));
    assertThat(t.getMerchantCategory(), equalTo("grocery"));
    assertThat(t.getCurrency(), equalTo("EUR"));
    assertThat(t.getLat(), equalTo(48.85));
    assertThat(t.getLon(), equalTo(2.35));
    assertThat(t.getChannel(), equalTo("POS"));
  }

  @Test
  void optionalFieldsMayBeAbsentOrNull() throws Exception {
    Transaction t = json.parse(VALID + ",\"lat\":null,\"lon\":null,\"channel\":null}");
    assertThat(t.hasCoordinates(), is(false));
    assertThat(t.getChannel(), nullValue());
    assertThat(t.getCurrency(), nullValue());
  }

  @Test
  void acceptsEpochMillisAndOffsets() throws Exception {
    String base = "{\"transaction_id\":\"t\",\"card_id\":\"c\",\"merchant_id\":\"m\",\"amount\":0,";
    assertThat(
        json.parse(base + "\"event_time\":1795546800123}").getEventTimeMillis(),
        equalTo(1_795_546_800_123L));
    assertThat(
        json.parse(base + "\"event_time\":\"2026-11-24T20:00:00.123+01:00\"}").getEventTimeMillis(),
        equalTo(1_795_546_800_123L));
  }

  static Stream<Arguments> invalidRecords() {
    String ids = "\"transaction_id\":\"t\",\"card_id\":\"c\",\"merchant_id\":\"m\"";
    String time = "\"event_time\":\"2026-11-24T19:00:00Z\"";
    return Stream.of(
        Arguments.of("not json at all", "not valid JSON"),
        Arguments.of("{\"transaction_id\":", "not valid JSON"),
        Arguments.of("", "not valid JSON"),
        Arguments.of("[1,2,3]", "not a JSON object: got array"),
        Arguments.of("\"just a string\"", "not a JSON object: got string"),
        Arguments.of(
            "{\"card_id\":\"c\",\"merchant_id\":\"m\",\"amount\":1," + time + "}",
            "missing required field transaction_id"),
        Arguments.of(
            "{\"transaction_id\":\"\",\"card_id\":\"c\",\"merchant_id\":\"m\",\"amount\":1,"
                + time
                + "}",
            "transaction_id must not be empty"),
        Arguments.of(
            "{\"transaction_id\":7,\"card_id\":\"c\",\"merchant_id\":\"m\",\"amount\":1,"
                + time
                + "}",
            "transaction_id must be a string, got number"),
        Arguments.of(
            "{\"transaction_id\":\"t\",\"merchant_id\":\"m\",\"amount\":1," + time + "}",
            "missing required field card_id"),
        Arguments.of(
            "{\"transaction_id\":\"t\",\"card_id\":\"  \",\"merchant_id\":\"m\",\"amount\":1,"
                + time
                + "}",
            "card_id must not be empty"),
        Arguments.of(
            "{\"transaction_id\":\"t\",\"card_id\":\"c\",\"amount\":1," + time + "}",
            "missing required field merchant_id"),
        Arguments.of("{" + ids + "," + time + "}", "missing required field amount"),
        Arguments.of(
            "{" + ids + ",\"amount\":\"12\"," + time + "}", "amount must be a number, got string"),
        Arguments.of("{" + ids + ",\"amount\":-0.01," + time + "}", "amount must be >= 0"),
        Arguments.of("{" + ids + ",\"amount\":1e999," + time + "}", "amount must be finite"),
        Arguments.of("{" + ids + ",\"amount\":1}", "missing required field event_time"),
        Arguments.of(
            "{" + ids + ",\"amount\":1,\"event_time\":\"2026-11-24T19:00:00\"}",
            "event_time must be an ISO-8601 instant with zone"),
        Arguments.of(
            "{" + ids + ",\"amount\":1,\"event_time\":\"yesterday\"}",
            "event_time must be an ISO-8601 instant with zone"),
        Arguments.of(
            "{" + ids + ",\"amount\":1,\"event_time\":1.5}",
            "event_time as a number must be whole epoch milliseconds"),
        Arguments.of(
            "{" + ids + ",\"amount\":1,\"event_time\":true}",
            "event_time must be an ISO-8601 string or epoch milliseconds, got boolean"),
        Arguments.of(
            "{" + ids + ",\"amount\":1,\"event_time\":9223372036854775807}",
            "event_time out of range"),
        Arguments.of(
            "{" + ids + ",\"amount\":1," + time + ",\"currency\":\"EURO\"}",
            "currency must be 3 letters"),
        Arguments.of(
            "{" + ids + ",\"amount\":1," + time + ",\"currency\":\"E1R\"}",
            "currency must be 3 letters"),
        Arguments.of(
            "{" + ids + ",\"amount\":1," + time + ",\"lat\":10}",
            "lat and lon must be given together: got only lat"),
        Arguments.of(
            "{" + ids + ",\"amount\":1," + time + ",\"lon\":10}",
            "lat and lon must be given together: got only lon"),
        Arguments.of(
            "{" + ids + ",\"amount\":1," + time + ",\"lat\":90.5,\"lon\":0}",
            "lat must be between -90 and 90"),
        Arguments.of(
            "{" + ids + ",\"amount\":1," + time + ",\"lat\":0,\"lon\":-180.01}",
            "lon must be between -180 and 180"),
        Arguments.of(
            "{" + ids + ",\"amount\":1," + time + ",\"lat\":\"1\",\"lon\":0}",
            "lat must be a number"),
        Arguments.of(
            "{" + ids + ",\"amount\":1," + time + ",\"channel\":\"pos\"}",
            "channel must be one of POS, ECOM, ATM"),
        Arguments.of(
            "{" + ids + ",\"amount\":1," + time + ",\"merchant_category\":5}",
            "merchant_category must be a string"));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("invalidRecords")
  void rejectsWithReasonNamingTheRule(String payload, String reason) {
    InvalidRecordException e =
        assertThrows(InvalidRecordException.class, () -> json.parse(payload));
    assertThat(e.getMessage(), containsString(reason));
  }

  @Test
  void rejectsOversizeRecords() {
    TransactionJson small = new TransactionJson(100);
    String big = VALID + ",\"pad\":\"" + "x".repeat(200) + "\"}";
    InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> small.parse(big));
    assertThat(e.getMessage(), equalTo("record exceeds 100 bytes"));
  }

  @Test
  void refusesNonPositiveLimit() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new TransactionJson(0));
    assertThat(e.getMessage(), containsString("maxRecordBytes must be positive"));
  }
}
