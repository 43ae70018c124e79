package dev.vigil.transforms.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.model.IsoInstants;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The event time of a Kafka record: its top-level time field ({@code event_time} for transactions,
 * {@code labelled_at} for labels, {@code timestamp} for sensor readings; ISO-8601 or epoch millis),
 * read with a streaming parser that stops at that field; the record's own Kafka timestamp when a
 * readable JSON object has no such field (the seed's sensor reading has none). For a value that
 * cannot be read (not JSON, not an object, a time field that is not a time) it gives {@code null}:
 * {@link EventTimePolicy} then stamps the record with its Kafka timestamp for the dead letters but
 * does not let it move the watermark (a malformed record amid a replay of old data would otherwise
 * drag the watermark to today and make everything after it late).
 */
final class KafkaEventTime implements SerializableFunction<KafkaRecord<String, String>, Instant> {
  private static final long serialVersionUID = 1L;
  private static final JsonFactory JSON = new JsonFactory();
  private final String field;

  KafkaEventTime() {
    this("event_time");
  }

  KafkaEventTime(String field) {
    this.field = field;
  }

  /** The record's time, or {@code null} when its value cannot be read (see the class doc). */
  @Override
  public @Nullable Instant apply(KafkaRecord<String, String> record) {
    long millis = timeMillis(record.getKV().getValue(), field, record.getTimestamp());
    return millis == UNREADABLE ? null : new Instant(millis);
  }

  /** What {@link #timeMillis} gives for a value that cannot be read. */
  static final long UNREADABLE = Long.MIN_VALUE;

  /**
   * The value's {@code field} in epoch millis; {@code absent} when the value is a JSON object
   * without that field; {@link #UNREADABLE} when it is not readable.
   */
  static long timeMillis(String json, String field, long absent) {
    if (json == null) {
      return UNREADABLE;
    }
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return UNREADABLE;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.getCurrentName();
        JsonToken value = p.nextToken();
        if (field.equals(name)) {
          if (value == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
          }
          if (value == JsonToken.VALUE_STRING) {
            return IsoInstants.parseMillis(p.getText());
          }
          return value == JsonToken.VALUE_NULL ? absent : UNREADABLE;
        }
        p.skipChildren();
      }
      return absent;
    } catch (Exception e) {
      return UNREADABLE;
    }
  }
}
