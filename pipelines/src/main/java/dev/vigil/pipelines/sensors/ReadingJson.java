package dev.vigil.pipelines.sensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.model.IsoInstants;
import dev.vigil.transforms.parse.InvalidRecordException;
import dev.vigil.transforms.parse.RecordParser;
import java.time.DateTimeException;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/**
 * Parses a reading: {@code sensor_id} (a non-empty string), {@code value} (a finite number) and an
 * optional {@code timestamp} (ISO-8601 with offset, or epoch milliseconds). Without a timestamp the
 * raw record's own time is used (a Kafka record's timestamp); a file line has none, so there a
 * reading without {@code timestamp} is refused.
 */
public final class ReadingJson implements RecordParser<Reading> {
  /** Readings are small; anything bigger is refused before it is parsed. */
  public static final int MAX_RECORD_BYTES = 4096;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Override
  public Reading parse(String payload, Instant arrival) throws InvalidRecordException {
    if (payload.length() > MAX_RECORD_BYTES) {
      throw new InvalidRecordException("record exceeds " + MAX_RECORD_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new InvalidRecordException("not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidRecordException("not a JSON object");
    }
    JsonNode id = root.get("sensor_id");
    if (id == null || id.isNull()) {
      throw new InvalidRecordException("missing required field sensor_id");
    }
    if (!id.isTextual() || id.textValue().isBlank()) {
      throw new InvalidRecordException("sensor_id must be a non-empty string, got " + id);
    }
    JsonNode value = root.get("value");
    if (value == null || value.isNull()) {
      throw new InvalidRecordException("missing required field value");
    }
    if (!value.isNumber()) {
      throw new InvalidRecordException("value must be a number, got " + value);
    }
    double v = value.doubleValue();
    if (!Double.isFinite(v)) {
      throw new InvalidRecordException("value must be finite, got " + value);
    }
    return new Reading(id.textValue(), v, timeMillis(root.get("timestamp"), arrival));
  }

  private static long timeMillis(JsonNode ts, Instant arrival) throws InvalidRecordException {
    if (ts == null || ts.isNull()) {
      if (arrival == null || !arrival.isAfter(BoundedWindow.TIMESTAMP_MIN_VALUE)) {
        throw new InvalidRecordException(
            "missing timestamp: a reading from a file needs \"timestamp\" (ISO-8601)");
      }
      return arrival.getMillis();
    }
    if (ts.isIntegralNumber() && ts.canConvertToLong()) {
      return ts.longValue();
    }
    if (ts.isTextual()) {
      try {
        return IsoInstants.parseMillis(ts.textValue());
      } catch (DateTimeException | ArithmeticException e) {
        throw new InvalidRecordException(
            "timestamp must be ISO-8601 with an offset (e.g. 2026-01-01T00:00:10Z), got "
                + ts.textValue());
      }
    }
    throw new InvalidRecordException(
        "timestamp must be an ISO-8601 string or epoch milliseconds, got " + ts);
  }

  @Override
  public long timeMillis(Reading r) {
    return r.timeMillis();
  }
}
