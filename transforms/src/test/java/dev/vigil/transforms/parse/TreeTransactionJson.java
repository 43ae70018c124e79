package dev.vigil.transforms.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.vigil.model.Transaction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The tree-based parser {@link TransactionJson} replaced (kept as the reference its streaming
 * successor must agree with, message for message, in {@code TransactionJsonEquivalenceTest}).
 */
final class TreeTransactionJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> CHANNELS = Set.of("POS", "ECOM", "ATM");
  private static final Pattern CURRENCY = Pattern.compile("[A-Za-z]{3}");

  private final int maxRecordBytes;

  TreeTransactionJson(int maxRecordBytes) {
    if (maxRecordBytes <= 0) {
      throw new IllegalArgumentException("maxRecordBytes must be positive, got " + maxRecordBytes);
    }
    this.maxRecordBytes = maxRecordBytes;
  }

  /** Returns the transaction, or throws with the first rule the record breaks. */
  public Transaction parse(String payload) throws InvalidRecordException {
    if (payload.length() > maxRecordBytes
        || payload.getBytes(StandardCharsets.UTF_8).length > maxRecordBytes) {
      throw new InvalidRecordException("record exceeds " + maxRecordBytes + " bytes");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new InvalidRecordException("not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw new InvalidRecordException("not valid JSON: empty record");
    }
    if (!root.isObject()) {
      throw new InvalidRecordException(
          "not a JSON object: got " + root.getNodeType().toString().toLowerCase());
    }
    Double lat = optionalNumber(root, "lat", -90, 90);
    Double lon = optionalNumber(root, "lon", -180, 180);
    if ((lat == null) != (lon == null)) {
      throw new InvalidRecordException(
          "lat and lon must be given together: got only " + (lat == null ? "lon" : "lat"));
    }
    return Transaction.builder()
        .setTransactionId(requiredText(root, "transaction_id"))
        .setCardId(requiredText(root, "card_id"))
        .setMerchantId(requiredText(root, "merchant_id"))
        .setAmount(amount(root))
        .setEventTimeMillis(eventTime(root))
        .setMerchantCategory(optionalText(root, "merchant_category"))
        .setCurrency(currency(root))
        .setLat(lat)
        .setLon(lon)
        .setChannel(channel(root))
        .build();
  }

  private static @Nullable JsonNode present(JsonNode root, String field) {
    JsonNode node = root.get(field);
    return node == null || node.isNull() ? null : node;
  }

  private static String requiredText(JsonNode root, String field) throws InvalidRecordException {
    JsonNode node = present(root, field);
    if (node == null) {
      throw new InvalidRecordException("missing required field " + field);
    }
    if (!node.isTextual()) {
      throw new InvalidRecordException(field + " must be a string, got " + type(node));
    }
    if (node.asText().isBlank()) {
      throw new InvalidRecordException(field + " must not be empty");
    }
    return node.asText();
  }

  private static @Nullable String optionalText(JsonNode root, String field)
      throws InvalidRecordException {
    JsonNode node = present(root, field);
    if (node == null) {
      return null;
    }
    if (!node.isTextual()) {
      throw new InvalidRecordException(field + " must be a string, got " + type(node));
    }
    return node.asText();
  }

  private static double amount(JsonNode root) throws InvalidRecordException {
    JsonNode node = present(root, "amount");
    if (node == null) {
      throw new InvalidRecordException("missing required field amount");
    }
    if (!node.isNumber()) {
      throw new InvalidRecordException("amount must be a number, got " + type(node));
    }
    double amount = node.asDouble();
    if (!Double.isFinite(amount)) {
      throw new InvalidRecordException("amount must be finite, got " + node.asText());
    }
    if (amount < 0) {
      throw new InvalidRecordException("amount must be >= 0, got " + node.asText());
    }
    return amount;
  }

  private static long eventTime(JsonNode root) throws InvalidRecordException {
    JsonNode node = present(root, "event_time");
    if (node == null) {
      throw new InvalidRecordException("missing required field event_time");
    }
    long millis;
    if (node.isTextual()) {
      try {
        millis = OffsetDateTime.parse(node.asText()).toInstant().toEpochMilli();
      } catch (DateTimeParseException | ArithmeticException e) {
        throw new InvalidRecordException(
            "event_time must be an ISO-8601 instant with zone (e.g. 2026-11-24T19:00:00.123Z), got \""
                + node.asText()
                + "\"");
      }
    } else if (node.isIntegralNumber() && node.canConvertToLong()) {
      millis = node.asLong();
    } else if (node.isNumber()) {
      throw new InvalidRecordException(
          "event_time as a number must be whole epoch milliseconds, got " + node.asText());
    } else {
      throw new InvalidRecordException(
          "event_time must be an ISO-8601 string or epoch milliseconds, got " + type(node));
    }
    if (millis < BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis()
        || millis > BoundedWindow.TIMESTAMP_MAX_VALUE.getMillis()) {
      throw new InvalidRecordException("event_time out of range: " + node.asText());
    }
    return millis;
  }

  private static @Nullable String currency(JsonNode root) throws InvalidRecordException {
    String currency = optionalText(root, "currency");
    if (currency != null && !CURRENCY.matcher(currency).matches()) {
      throw new InvalidRecordException("currency must be 3 letters, got \"" + currency + "\"");
    }
    return currency == null ? null : currency.toUpperCase(Locale.ROOT);
  }

  private static @Nullable String channel(JsonNode root) throws InvalidRecordException {
    String channel = optionalText(root, "channel");
    if (channel != null && !CHANNELS.contains(channel)) {
      throw new InvalidRecordException(
          "channel must be one of POS, ECOM, ATM, got \"" + channel + "\"");
    }
    return channel;
  }

  private static @Nullable Double optionalNumber(
      JsonNode root, String field, double min, double max) throws InvalidRecordException {
    JsonNode node = present(root, field);
    if (node == null) {
      return null;
    }
    if (!node.isNumber()) {
      throw new InvalidRecordException(field + " must be a number, got " + type(node));
    }
    double value = node.asDouble();
    if (!Double.isFinite(value) || value < min || value > max) {
      throw new InvalidRecordException(
          field + " must be between " + (int) min + " and " + (int) max + ", got " + node.asText());
    }
    return value;
  }

  private static String type(JsonNode node) {
    JsonNodeType t = node.getNodeType();
    return t.toString().toLowerCase();
  }
}
