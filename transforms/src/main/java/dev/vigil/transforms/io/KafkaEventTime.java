package dev.vigil.transforms.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.model.IsoInstants;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.joda.time.Instant;

/**
 * The event time of a Kafka record: its top-level time field ({@code event_time} for transactions,
 * {@code labelled_at} for labels; ISO-8601 or epoch millis), read with a streaming parser that
 * stops at that field; the record's own Kafka timestamp when the value has none or is malformed (it
 * goes to the dead letters later, with this timestamp).
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

  @Override
  public Instant apply(KafkaRecord<String, String> record) {
    Long millis = timeMillis(record.getKV().getValue(), field);
    return new Instant(millis != null ? millis : record.getTimestamp());
  }

  static Long eventTimeMillis(String json) {
    return timeMillis(json, "event_time");
  }

  static Long timeMillis(String json, String field) {
    if (json == null) {
      return null;
    }
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
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
          return null;
        }
        p.skipChildren();
      }
      return null;
    } catch (Exception e) {
      return null;
    }
  }
}
