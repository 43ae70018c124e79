package dev.vigil.pipelines.sensors;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.model.IsoInstants;
import dev.vigil.transforms.parse.InvalidRecordException;
import java.util.List;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** The window features by hand, the reading contract and its refusals, the reference windows. */
class SensorFeaturesTest {
  private static final long T0 = IsoInstants.parseMillis("2026-01-01T00:00:00Z");

  private static Reading at(long seconds, double value) {
    return new Reading("s1", value, T0 + seconds * 1000);
  }

  @Test
  void featuresMatchAHandComputation() {
    // Values 1, 2, 2, 7 at 0 s, 10 s, 30 s, 40 s: mean 3, deviations -2 -1 -1 4.
    double[] f = SensorFeatures.compute(List.of(at(0, 1), at(10, 2), at(30, 2), at(40, 7)));
    assertThat(f.length, equalTo(SensorFeatures.NAMES.size()));
    assertThat(f[0], equalTo(4.0)); // count
    assertThat(f[1], closeTo(3.0, 1e-12)); // mean
    assertThat(f[2], closeTo(Math.sqrt(22.0 / 4), 1e-12)); // population std
    // Times in minutes 0, 1/6, 1/2, 2/3 (mean 1/3): sxy = 2, sxx = 10/36.
    assertThat(f[3], closeTo(2 / (10.0 / 36), 1e-9)); // slope per minute
    assertThat(f[4], equalTo(20.0)); // longest gap, seconds
    assertThat(f[5], closeTo(4 / Math.sqrt(5.5), 1e-12)); // max |z|
    assertThat(f[6], equalTo(6.0)); // range
    assertThat(f[7], closeTo(1.0 / 3, 1e-12)); // one repeat in three steps
  }

  @Test
  void aStuckSensorHasNoSpreadAndOnlyRepeats() {
    double[] f = SensorFeatures.compute(List.of(at(0, 5), at(10, 5), at(20, 5)));
    assertThat(f[2], equalTo(0.0));
    assertThat(f[3], equalTo(0.0));
    assertThat(f[5], equalTo(0.0));
    assertThat(f[7], equalTo(1.0));
  }

  @Test
  void oneReadingIsAWindowToo() {
    double[] f = SensorFeatures.compute(List.of(at(0, 5)));
    assertThat(f, equalTo(new double[] {1, 5, 0, 0, 0, 0, 0, 0}));
  }

  @Test
  void parsesTheSeedsFormatWithOrWithoutATimestamp() throws Exception {
    ReadingJson json = new ReadingJson();
    Reading r =
        json.parse(
            "{\"sensor_id\": \"sensor1\", \"value\": 25.5, \"timestamp\": \"2026-01-01T00:00:10Z\"}",
            BoundedWindow.TIMESTAMP_MIN_VALUE);
    assertThat(r, equalTo(new Reading("sensor1", 25.5, T0 + 10_000)));
    // The seed's own example has no time: a Kafka record's timestamp stands in.
    Reading fromKafka =
        json.parse("{\"sensor_id\": \"sensor1\", \"value\": 25.5}", new Instant(T0 + 5));
    assertThat(fromKafka.timeMillis(), equalTo(T0 + 5));
    assertThat(
        json.parse("{\"sensor_id\":\"a\",\"value\":1,\"timestamp\":7}", null).timeMillis(),
        equalTo(7L));
  }

  @Test
  void refusesBadReadingsWithTheReason() {
    ReadingJson json = new ReadingJson();
    Instant file = BoundedWindow.TIMESTAMP_MIN_VALUE;
    String ts = ",\"timestamp\":\"2026-01-01T00:00:10Z\"";
    assertRefused(json, "{\"sensor_id\":\"a\",\"value\":", file, "not valid JSON");
    assertRefused(json, "[1,2]", file, "not a JSON object");
    assertRefused(json, "{\"value\":1" + ts + "}", file, "missing required field sensor_id");
    assertRefused(json, "{\"sensor_id\":\"\",\"value\":1" + ts + "}", file, "non-empty string");
    assertRefused(json, "{\"sensor_id\":\"a\"" + ts + "}", file, "missing required field value");
    assertRefused(
        json, "{\"sensor_id\":\"a\",\"value\":\"hot\"" + ts + "}", file, "must be a number");
    assertRefused(json, "{\"sensor_id\":\"a\",\"value\":1}", file, "missing timestamp");
    assertRefused(
        json, "{\"sensor_id\":\"a\",\"value\":1,\"timestamp\":\"yesterday\"}", file, "ISO-8601");
    assertRefused(
        json,
        "{\"sensor_id\":\"a\",\"value\":1" + ts + ",\"pad\":\"" + "x".repeat(5000) + "\"}",
        file,
        "exceeds");
  }

  private static void assertRefused(ReadingJson json, String payload, Instant arrival, String why) {
    InvalidRecordException e =
        assertThrows(InvalidRecordException.class, () -> json.parse(payload, arrival));
    assertThat(e.getMessage(), containsString(why));
  }

  @Test
  void referenceWindowsAreTheOnesSlidingWindowsAssign() {
    // A reading at 00:05:30 belongs to the ten 10-minute windows starting 23:56 .. 00:05.
    List<SensorWindow> windows =
        ReferenceSensorWindows.of(List.of(at(330, 20)), 10 * 60_000L, 60_000L);
    assertThat(windows.size(), equalTo(10));
    assertThat(windows.get(0).startMillis(), equalTo(T0 - 4 * 60_000L));
    assertThat(windows.get(9).startMillis(), equalTo(T0 + 5 * 60_000L));
    assertThat(windows.get(9).endMillis(), equalTo(T0 + 15 * 60_000L));
  }

  @Test
  void aDropoutIsLabelledOnlyWhereBothItsSidesAreSeen() {
    SensorFault dropout = new SensorFault("s1", "dropout", T0 + 3 * 60_000L, T0 + 6 * 60_000L);
    assertThat(dropout.visibleIn(T0, T0 + 10 * 60_000L), equalTo(true));
    assertThat(dropout.visibleIn(T0 + 4 * 60_000L, T0 + 14 * 60_000L), equalTo(false));
    assertThat(dropout.overlaps(T0 + 4 * 60_000L, T0 + 14 * 60_000L), equalTo(true));
  }
}
