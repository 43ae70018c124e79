package dev.vigil.transforms.parse;

import java.io.Serializable;
import org.joda.time.Instant;

/**
 * Reads one raw JSON payload into a record, or throws with the first rule it breaks; used by {@link
 * ParseRecords} (and Vigil's own {@link ParseTransactions} and {@link ParseLabels}). A parser need
 * not be serializable: its {@link Factory} makes one per worker.
 */
public interface RecordParser<T> {
  /**
   * Parses {@code payload}. {@code arrival} is the raw record's own timestamp (a Kafka record's
   * event or append time; the minimum timestamp for a file line), for records without a time field.
   */
  T parse(String payload, Instant arrival) throws InvalidRecordException;

  /** The record's time: its output timestamp. */
  long timeMillis(T value);

  /** Makes the parser on each worker ({@code @Setup}). */
  interface Factory<T> extends Serializable {
    RecordParser<T> create();
  }
}
