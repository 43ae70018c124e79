package dev.vigil.transforms.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.model.IsoInstants;
import dev.vigil.model.Transaction;
import java.io.IOException;
import java.time.DateTimeException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Parses and validates one JSON transaction against every rule of docs/architecture.md. Pure Java
 * and thread-safe; {@link ParseTransactions} wraps it in a Beam transform.
 *
 * <p>One pass of Jackson's streaming parser collects the contract's fields (the last of a repeated
 * name wins; unknown fields are skipped), then the rules are checked in a fixed order, so a record
 * gets the same verdict and message whatever its field order. Malformed JSON anywhere in the record
 * is reported before any rule.
 */
public final class TransactionJson {
  /** Default maximum size of one record, in UTF-8 bytes. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 16 * 1024;

  private static final Pattern CARD_ID = Pattern.compile("\"card_id\"\\s*:\\s*\"([^\"]*)\"");

  /**
   * The {@code card_id} text of a raw payload, found without parsing it (for keying records,
   * malformed ones included), or null when the payload has no {@code "card_id": "..."}.
   */
  public static @Nullable String peekCardId(String raw) {
    Matcher m = CARD_ID.matcher(raw);
    return m.find() ? m.group(1) : null;
  }

  private static final JsonFactory JSON = new JsonFactory();

  /** A JSON object or array value of a known field (only its type matters: it is an error). */
  private enum Container {
    OBJECT,
    ARRAY
  }

  private final int maxRecordBytes;

  public TransactionJson(int maxRecordBytes) {
    if (maxRecordBytes <= 0) {
      throw new IllegalArgumentException("maxRecordBytes must be positive, got " + maxRecordBytes);
    }
    this.maxRecordBytes = maxRecordBytes;
  }

  /**
   * The contract's fields as read: a String, Number, Boolean or {@link Container}; null when absent
   * or JSON null.
   */
  private static final class Fields {
    Object transactionId;
    Object cardId;
    Object merchantId;
    Object amount;
    Object eventTime;
    Object merchantCategory;
    Object currency;
    Object lat;
    Object lon;
    Object channel;
  }

  /** Returns the transaction, or throws with the first rule the record breaks. */
  public Transaction parse(String payload) throws InvalidRecordException {
    if (utf8LengthExceeds(payload, maxRecordBytes)) {
      throw new InvalidRecordException("record exceeds " + maxRecordBytes + " bytes");
    }
    Fields f = read(payload);
    Double lat = optionalNumber("lat", f.lat, -90, 90);
    Double lon = optionalNumber("lon", f.lon, -180, 180);
    if ((lat == null) != (lon == null)) {
      throw new InvalidRecordException(
          "lat and lon must be given together: got only " + (lat == null ? "lon" : "lat"));
    }
    return Transaction.builder()
        .setTransactionId(requiredText("transaction_id", f.transactionId))
        .setCardId(requiredText("card_id", f.cardId))
        .setMerchantId(requiredText("merchant_id", f.merchantId))
        .setAmount(amount(f.amount))
        .setEventTimeMillis(instantMillis("event_time", f.eventTime))
        .setMerchantCategory(optionalText("merchant_category", f.merchantCategory))
        .setCurrency(currency(f.currency))
        .setLat(lat)
        .setLon(lon)
        .setChannel(channel(f.channel))
        .build();
  }

  /** Whether {@code s} takes more than {@code max} bytes in UTF-8, counted without encoding it. */
  static boolean utf8LengthExceeds(String s, int max) {
    int n = s.length();
    if (n > max) {
      return true;
    }
    if ((long) n * 3 <= max) {
      return false; // a UTF-16 unit never takes more than 3 bytes (a surrogate pair takes 4 for 2)
    }
    long bytes = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += Character.isSurrogate(c) ? 1 : 3; // String.getBytes writes a lone surrogate as '?'
      }
    }
    return bytes > max;
  }

  private static Fields read(String payload) throws InvalidRecordException {
    Fields f = new Fields();
    try (JsonParser p = JSON.createParser(payload)) {
      JsonToken root = p.nextToken();
      if (root == null) {
        throw new InvalidRecordException("not valid JSON: empty record");
      }
      if (root != JsonToken.START_OBJECT) {
        value(p, root); // read it whole: a malformed value is reported as malformed JSON first
        throw new InvalidRecordException("not a JSON object: got " + rootType(root));
      }
      // Read as Jackson's own tree reader does (nextFieldName, then the value), so malformed JSON
      // gets the message it always got.
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        Object value = value(p, p.nextToken());
        switch (name) {
          case "transaction_id" -> f.transactionId = value;
          case "card_id" -> f.cardId = value;
          case "merchant_id" -> f.merchantId = value;
          case "amount" -> f.amount = value;
          case "event_time" -> f.eventTime = value;
          case "merchant_category" -> f.merchantCategory = value;
          case "currency" -> f.currency = value;
          case "lat" -> f.lat = value;
          case "lon" -> f.lon = value;
          case "channel" -> f.channel = value;
          default -> {} // unknown fields are read (to find malformed JSON) and ignored
        }
      }
    } catch (JsonProcessingException e) {
      throw new InvalidRecordException("not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidRecordException("not valid JSON: " + e.getMessage());
    }
    return f;
  }

  /** Reads the value starting at token {@code v} whole; its Java form, or null for JSON null. */
  private static Object value(JsonParser p, JsonToken v) throws IOException {
    if (v == null) {
      throw new IOException("unexpected end of input"); // Jackson reports an open value itself
    }
    return switch (v) {
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT -> p.getNumberValue();
      case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case START_OBJECT -> {
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
          value(p, p.nextToken());
        }
        yield Container.OBJECT;
      }
      case START_ARRAY -> {
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          value(p, t);
        }
        yield Container.ARRAY;
      }
      default -> null; // JSON null: as if absent
    };
  }

  private static String rootType(JsonToken t) {
    return switch (t) {
      case START_ARRAY -> "array";
      case VALUE_STRING -> "string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      case VALUE_NULL -> "null";
      default -> t.toString().toLowerCase(Locale.ROOT);
    };
  }

  private static String type(Object value) {
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof Number) {
      return "number";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    return value == Container.OBJECT ? "object" : "array";
  }

  static String requiredText(String field, Object value) throws InvalidRecordException {
    if (value == null) {
      throw new InvalidRecordException("missing required field " + field);
    }
    if (!(value instanceof String text)) {
      throw new InvalidRecordException(field + " must be a string, got " + type(value));
    }
    if (text.isBlank()) {
      throw new InvalidRecordException(field + " must not be empty");
    }
    return text;
  }

  static @Nullable String optionalText(String field, Object value) throws InvalidRecordException {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw new InvalidRecordException(field + " must be a string, got " + type(value));
    }
    return text;
  }

  private static double amount(Object value) throws InvalidRecordException {
    if (value == null) {
      throw new InvalidRecordException("missing required field amount");
    }
    if (!(value instanceof Number number)) {
      throw new InvalidRecordException("amount must be a number, got " + type(value));
    }
    double amount = number.doubleValue();
    if (!Double.isFinite(amount)) {
      throw new InvalidRecordException("amount must be finite, got " + number);
    }
    if (amount < 0) {
      throw new InvalidRecordException("amount must be >= 0, got " + number);
    }
    return amount;
  }

  /**
   * An instant field: an ISO-8601 string with zone, or whole epoch milliseconds; {@code value} as
   * read (String, Number, Boolean or a container), null when absent.
   */
  static long instantMillis(String field, Object value) throws InvalidRecordException {
    if (value == null) {
      throw new InvalidRecordException("missing required field " + field);
    }
    long millis;
    if (value instanceof String text) {
      try {
        millis = IsoInstants.parseMillis(text);
      } catch (DateTimeException | ArithmeticException e) {
        throw new InvalidRecordException(
            field
                + " must be an ISO-8601 instant with zone (e.g. 2026-11-24T19:00:00.123Z), got \""
                + text
                + "\"");
      }
    } else if (value instanceof Integer || value instanceof Long) {
      millis = ((Number) value).longValue();
    } else if (value instanceof Number number) {
      // A fraction, or a whole number too large for a long.
      throw new InvalidRecordException(
          field + " as a number must be whole epoch milliseconds, got " + number);
    } else {
      throw new InvalidRecordException(
          field + " must be an ISO-8601 string or epoch milliseconds, got " + type(value));
    }
    if (millis < BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis()
        || millis > BoundedWindow.TIMESTAMP_MAX_VALUE.getMillis()) {
      throw new InvalidRecordException(field + " out of range: " + value);
    }
    return millis;
  }

  private static @Nullable String currency(Object value) throws InvalidRecordException {
    String currency = optionalText("currency", value);
    if (currency == null) {
      return null;
    }
    if (currency.length() != 3
        || !isAsciiLetter(currency.charAt(0))
        || !isAsciiLetter(currency.charAt(1))
        || !isAsciiLetter(currency.charAt(2))) {
      throw new InvalidRecordException("currency must be 3 letters, got \"" + currency + "\"");
    }
    return currency.toUpperCase(Locale.ROOT);
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static @Nullable String channel(Object value) throws InvalidRecordException {
    String channel = optionalText("channel", value);
    if (channel != null
        && !channel.equals("POS")
        && !channel.equals("ECOM")
        && !channel.equals("ATM")) {
      throw new InvalidRecordException(
          "channel must be one of POS, ECOM, ATM, got \"" + channel + "\"");
    }
    return channel;
  }

  private static @Nullable Double optionalNumber(String field, Object value, double min, double max)
      throws InvalidRecordException {
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number number)) {
      throw new InvalidRecordException(field + " must be a number, got " + type(value));
    }
    double v = number.doubleValue();
    if (!Double.isFinite(v) || v < min || v > max) {
      throw new InvalidRecordException(
          field + " must be between " + (int) min + " and " + (int) max + ", got " + number);
    }
    return v;
  }
}
