package dev.vigil.transforms.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.model.Label;
import java.util.Set;

/**
 * Reads and validates one label record (docs/features.md, "Labels"):
 *
 * <pre>{@code
 * {"transaction_id": "t-1", "card_id": "c-1", "merchant_id": "m-1", "label": 1,
 *  "labelled_at": "2026-12-01T10:00:00Z", "source": "chargeback",
 *  "event_time": "2026-11-24T19:00:00Z"}
 * }</pre>
 *
 * {@code transaction_id}, {@code merchant_id}, {@code label} (0 or 1, or a boolean), {@code
 * labelled_at} and {@code event_time} (ISO-8601 with zone, or epoch milliseconds) are required;
 * {@code card_id} and {@code source} are optional. A label made before its transaction happened is
 * refused.
 */
public final class LabelJson {
  private static final Set<String> TIME_FIELDS = Set.of("event_time", "labelled_at");

  private final int maxRecordBytes;

  public LabelJson(int maxRecordBytes) {
    if (maxRecordBytes <= 0) {
      throw new IllegalArgumentException("maxRecordBytes must be positive, got " + maxRecordBytes);
    }
    this.maxRecordBytes = maxRecordBytes;
  }

  /** Returns the label, or throws with the first rule the record breaks. */
  public Label parse(String payload) throws InvalidRecordException {
    JsonNode root = JsonRecords.readObject(payload, maxRecordBytes);
    long eventTime = TransactionJson.instantMillis("event_time", value(root, "event_time"));
    long labelledAt = TransactionJson.instantMillis("labelled_at", value(root, "labelled_at"));
    if (labelledAt < eventTime) {
      throw new InvalidRecordException(
          "labelled_at ("
              + root.get("labelled_at").asText()
              + ") is before the transaction's event_time ("
              + root.get("event_time").asText()
              + ")");
    }
    return Label.builder()
        .setTransactionId(
            TransactionJson.requiredText("transaction_id", value(root, "transaction_id")))
        .setCardId(TransactionJson.optionalText("card_id", value(root, "card_id")))
        .setMerchantId(TransactionJson.requiredText("merchant_id", value(root, "merchant_id")))
        .setFraud(fraud(root.get("label")))
        .setLabelledAtMillis(labelledAt)
        .setSource(TransactionJson.optionalText("source", value(root, "source")))
        .setEventTimeMillis(eventTime)
        .build();
  }

  private static boolean fraud(JsonNode label) throws InvalidRecordException {
    if (label == null || label.isNull()) {
      throw new InvalidRecordException("missing required field label");
    }
    if (label.isBoolean()) {
      return label.booleanValue();
    }
    if (label.isIntegralNumber() && (label.asLong() == 0 || label.asLong() == 1)) {
      return label.asLong() == 1;
    }
    throw new InvalidRecordException("label must be 0 or 1, got " + label);
  }

  private static Object value(JsonNode root, String field) throws InvalidRecordException {
    return JsonRecords.value(root, field, TIME_FIELDS);
  }
}
