package dev.vigil.transforms.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.model.CardAction;
import java.util.Locale;
import java.util.Set;

/**
 * Reads and validates one card action record (docs/features.md, "Card actions"):
 *
 * <pre>{@code
 * {"card_id": "c-1", "action": "BLOCK", "at": "2026-12-07T10:00:00Z",
 *  "analyst": "alice", "note": "confirmed fraud on alert-t-9"}
 * }</pre>
 *
 * {@code card_id}, {@code action} ({@code BLOCK} or {@code UNBLOCK}, any case) and {@code at}
 * (ISO-8601 with zone, or epoch milliseconds) are required; {@code analyst} and {@code note} are
 * optional.
 */
public final class CardActionJson {
  private static final Set<String> TIME_FIELDS = Set.of("at");

  private final int maxRecordBytes;

  public CardActionJson(int maxRecordBytes) {
    if (maxRecordBytes <= 0) {
      throw new IllegalArgumentException("maxRecordBytes must be positive, got " + maxRecordBytes);
    }
    this.maxRecordBytes = maxRecordBytes;
  }

  /** Returns the action, or throws with the first rule the record breaks. */
  public CardAction parse(String payload) throws InvalidRecordException {
    JsonNode root = JsonRecords.readObject(payload, maxRecordBytes);
    String card = TransactionJson.requiredText("card_id", value(root, "card_id"));
    CardAction.Kind kind = kind(TransactionJson.requiredText("action", value(root, "action")));
    long at = TransactionJson.instantMillis("at", value(root, "at"));
    return CardAction.of(
        card,
        kind,
        at,
        TransactionJson.optionalText("analyst", value(root, "analyst")),
        TransactionJson.optionalText("note", value(root, "note")));
  }

  private static CardAction.Kind kind(String action) throws InvalidRecordException {
    try {
      return CardAction.Kind.valueOf(action.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRecordException("action must be BLOCK or UNBLOCK, got '" + action + "'");
    }
  }

  private static Object value(JsonNode root, String field) throws InvalidRecordException {
    return JsonRecords.value(root, field, TIME_FIELDS);
  }
}
