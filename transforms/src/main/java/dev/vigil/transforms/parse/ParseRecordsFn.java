package dev.vigil.transforms.parse;

import dev.vigil.model.DeadLetter;
import dev.vigil.model.RawRecord;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Parses raw records with one record parser: a valid record goes out timestamped with its own time,
 * a rejected one becomes a dead letter with the reason, the stage and the record's source. Shared
 * by {@link ParseRecords}, {@link ParseTransactions} and {@link ParseLabels}; metrics {@code
 * records_in}, {@code parsed} and {@code dead_letters} in the given namespace.
 */
final class ParseRecordsFn<T> extends DoFn<RawRecord, T> {
  private final RecordParser.Factory<T> factory;
  private final String stage;
  private final TupleTag<T> parsedTag;
  private final TupleTag<DeadLetter> deadTag;
  private final Counter recordsIn;
  private final Counter parsed;
  private final Counter deadLetters;
  private transient RecordParser<T> parser;

  ParseRecordsFn(
      RecordParser.Factory<T> factory,
      String stage,
      String metricsNamespace,
      TupleTag<T> parsedTag,
      TupleTag<DeadLetter> deadTag) {
    this.factory = factory;
    this.stage = stage;
    this.parsedTag = parsedTag;
    this.deadTag = deadTag;
    this.recordsIn = Metrics.counter(metricsNamespace, "records_in");
    this.parsed = Metrics.counter(metricsNamespace, "parsed");
    this.deadLetters = Metrics.counter(metricsNamespace, "dead_letters");
  }

  @Setup
  public void setup() {
    parser = factory.create();
  }

  @ProcessElement
  public void process(
      @Element RawRecord record, @Timestamp Instant arrival, MultiOutputReceiver out) {
    recordsIn.inc();
    try {
      T value = parser.parse(record.getPayload(), arrival);
      parsed.inc();
      out.get(parsedTag).outputWithTimestamp(value, new Instant(parser.timeMillis(value)));
    } catch (InvalidRecordException e) {
      deadLetters.inc();
      out.get(deadTag)
          .output(DeadLetter.of(record.getPayload(), e.getMessage(), stage, record.getSource()));
    }
  }

  @Override
  public Duration getAllowedTimestampSkew() {
    // A record's own time may precede its arrival timestamp (e.g. Kafka append time, or a label's
    // labelled_at behind the watermark) by any amount: lateness is handled downstream.
    return Duration.millis(Long.MAX_VALUE);
  }
}
