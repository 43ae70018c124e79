package dev.vigil.transforms.io;

import java.util.Optional;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Kafka record timestamps from the record's own time field, with a watermark that trails the newest
 * one by a bounded delay (a record whose time cannot be read, for which the time function gives
 * {@code null}, gets its Kafka timestamp and leaves the watermark where it is), as Beam's {@code
 * CustomTimestampPolicyWithLimitedDelay} does; but a partition that has never held a record also
 * counts as caught up, so its watermark follows the clock (minus the delay) instead of holding the
 * whole source back forever. (Beam's policy moves an idle partition's watermark only once it has
 * seen a record: an empty labels topic would stall every stage that waits for the watermark.)
 */
final class EventTimePolicy extends TimestampPolicy<String, String> {
  private final SerializableFunction<KafkaRecord<String, String>, Instant> time;
  private final Duration maxDelay;
  private Instant maxEventTimestamp;

  EventTimePolicy(
      SerializableFunction<KafkaRecord<String, String>, Instant> time,
      Duration maxDelay,
      Optional<Instant> previousWatermark) {
    this.time = time;
    this.maxDelay = maxDelay;
    this.maxEventTimestamp =
        previousWatermark.orElse(BoundedWindow.TIMESTAMP_MIN_VALUE).plus(maxDelay);
  }

  @Override
  public Instant getTimestampForRecord(PartitionContext ctx, KafkaRecord<String, String> record) {
    Instant ts = time.apply(record);
    if (ts == null) {
      // No readable time (a malformed record, bound for the dead letters): its Kafka timestamp,
      // without moving the watermark.
      return new Instant(record.getTimestamp());
    }
    if (ts.isAfter(maxEventTimestamp)) {
      maxEventTimestamp = ts;
    }
    return ts;
  }

  @Override
  public Instant getWatermark(PartitionContext ctx) {
    return watermark(ctx.getMessageBacklog(), ctx.getBacklogCheckTime(), Instant.now());
  }

  /** The watermark for a backlog measured at {@code checkedAt}, at {@code now}. */
  Instant watermark(long backlog, Instant checkedAt, Instant now) {
    if (maxEventTimestamp.isAfter(now)) {
      return now.minus(maxDelay); // event times from the future: never run ahead of the clock
    }
    if (backlog == 0 && checkedAt.minus(maxDelay).isAfter(maxEventTimestamp)) {
      return checkedAt.minus(maxDelay); // caught up (or never held a record): follow the clock
    }
    return maxEventTimestamp.minus(maxDelay);
  }
}
