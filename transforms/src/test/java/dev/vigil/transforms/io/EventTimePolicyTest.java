package dev.vigil.transforms.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Optional;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaTimestampType;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class EventTimePolicyTest {
  private static final Duration DELAY = Duration.standardSeconds(30);
  private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

  @Test
  void aPartitionThatNeverHeldARecordFollowsTheClockOnceCaughtUp() {
    EventTimePolicy p = new EventTimePolicy(r -> NOW, DELAY, Optional.empty());
    // Backlog not known yet: nothing can be said, the watermark stays at the start of time.
    assertThat(
        p.watermark(-1, NOW, NOW)
            .isBefore(BoundedWindow.TIMESTAMP_MIN_VALUE.plus(Duration.standardDays(1))),
        equalTo(true));
    // Known to be empty: it follows the clock, minus the delay (Beam's own policy stays put).
    assertThat(p.watermark(0, NOW, NOW), equalTo(NOW.minus(DELAY)));
  }

  @Test
  void aPartitionWithABacklogTrailsItsNewestEventTime() {
    EventTimePolicy p = new EventTimePolicy(r -> NOW, DELAY, Optional.empty());
    Instant t = NOW.minus(Duration.standardHours(5));
    EventTimePolicy q =
        new EventTimePolicy(r -> t, DELAY, Optional.of(t.minus(Duration.standardHours(1))));
    assertThat(q.watermark(100, NOW, NOW), equalTo(t.minus(Duration.standardHours(1))));
    // Event times from the future never push the watermark past the clock.
    EventTimePolicy f = new EventTimePolicy(r -> NOW, DELAY, Optional.of(NOW.plus(DELAY)));
    assertThat(f.watermark(5, NOW, NOW), equalTo(NOW.minus(DELAY)));
    assertThat(p.watermark(0, NOW, NOW), equalTo(NOW.minus(DELAY)));
  }

  @Test
  void aRecordWithoutAReadableTimeDoesNotMoveTheWatermark() {
    Instant old = NOW.minus(Duration.standardDays(300));
    EventTimePolicy p =
        new EventTimePolicy(new KafkaEventTime("timestamp"), DELAY, Optional.empty());
    String valid = "{\"sensor_id\":\"a\",\"value\":1,\"timestamp\":\"" + old + "\"}";
    assertThat(p.getTimestampForRecord(null, record(valid)), equalTo(old));
    // Not JSON, and a time that is not a time: stamped with the Kafka time, watermark unmoved.
    assertThat(p.getTimestampForRecord(null, record("{\"sensor_id\":")), equalTo(NOW));
    assertThat(
        p.getTimestampForRecord(null, record("{\"value\":1,\"timestamp\":\"yesterday\"}")),
        equalTo(NOW));
    assertThat(p.watermark(10, NOW, NOW), equalTo(old.minus(DELAY)));
    // A readable record without the field (the seed's reading): its Kafka time, which counts.
    assertThat(
        p.getTimestampForRecord(null, record("{\"sensor_id\":\"s\",\"value\":25.5}")),
        equalTo(NOW));
    assertThat(p.watermark(10, NOW, NOW), equalTo(NOW.minus(DELAY)));
  }

  private static KafkaRecord<String, String> record(String value) {
    return new KafkaRecord<>(
        "t", 0, 0, NOW.getMillis(), KafkaTimestampType.CREATE_TIME, null, null, value);
  }
}
