package dev.vigil.transforms.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Set;

/**
 * Reading of the small JSON records beside transactions (labels, card actions): the record as a
 * JSON object within a size limit, and each field as the value {@link TransactionJson}'s checks
 * take (a String, Long, Double, Boolean or null).
 */
final class JsonRecords {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonRecords() {}

  /** The record's root object, or the first reason it is not one. */
  static JsonNode readObject(String payload, int maxRecordBytes) throws InvalidRecordException {
    if (TransactionJson.utf8LengthExceeds(payload, maxRecordBytes)) {
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
      throw new InvalidRecordException("not a JSON object: got " + root.getNodeType());
    }
    return root;
  }

  /**
   * A field as a String, Long, Double, Boolean or null; an object or array is refused, naming what
   * the field must be ({@code timeFields} are strings or epoch milliseconds).
   */
  static Object value(JsonNode root, String field, Set<String> timeFields)
      throws InvalidRecordException {
    JsonNode v = root.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    throw new InvalidRecordException(
        field
            + " must be a "
            + (timeFields.contains(field) ? "string or epoch milliseconds" : "string")
            + ", got "
            + v.getNodeType().toString().toLowerCase(Locale.ROOT));
  }
}
