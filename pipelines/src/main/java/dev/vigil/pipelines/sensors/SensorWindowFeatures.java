package dev.vigil.pipelines.sensors;

import dev.vigil.transforms.windows.LateDataTrigger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Per-sensor features over sliding event-time windows (default 10 minutes every minute): one {@link
 * SensorWindow} per sensor and window with readings, computed by {@link SensorFeatures}. A window
 * fires when the watermark passes its end, then once more per late reading within the allowed
 * lateness (default 10 minutes), accumulating; later readings are dropped by the runner and counted
 * in Beam's {@code droppedDueToLateness}. The windows come out in the global window, timestamped at
 * their end, ready for scoring and sinks.
 *
 * <pre>{@code
 * PCollection<SensorWindow> windows = readings.apply("Features",
 *     SensorWindowFeatures.sliding(Duration.standardMinutes(10), Duration.standardMinutes(1)));
 * }</pre>
 */
public final class SensorWindowFeatures
    extends PTransform<PCollection<Reading>, PCollection<SensorWindow>> {
  private final Duration size;
  private final Duration every;
  private final Duration allowedLateness;

  private SensorWindowFeatures(Duration size, Duration every, Duration allowedLateness) {
    if (size.getMillis() <= 0 || every.getMillis() <= 0 || every.isLongerThan(size)) {
      throw new IllegalArgumentException(
          "sensor windows need 0 < every <= size, got size " + size + " every " + every);
    }
    if (allowedLateness.getMillis() < 0) {
      throw new IllegalArgumentException("allowed lateness must be >= 0, got " + allowedLateness);
    }
    this.size = size;
    this.every = every;
    this.allowedLateness = allowedLateness;
  }

  /** Windows of {@code size} starting every {@code every}; 10 minutes of allowed lateness. */
  public static SensorWindowFeatures sliding(Duration size, Duration every) {
    return new SensorWindowFeatures(size, every, Duration.standardMinutes(10));
  }

  /** How long after a window's end late readings still update it. */
  public SensorWindowFeatures withAllowedLateness(Duration lateness) {
    return new SensorWindowFeatures(size, every, lateness);
  }

  @Override
  public PCollection<SensorWindow> expand(PCollection<Reading> readings) {
    return readings
        .apply(
            "BySensor",
            MapElements.into(
                    TypeDescriptors.kvs(
                        TypeDescriptors.strings(), TypeDescriptor.of(Reading.class)))
                .via((Reading r) -> KV.of(r.sensorId(), r)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(Reading.class)))
        .apply(
            "Sliding",
            Window.<KV<String, Reading>>into(SlidingWindows.of(size).every(every))
                .triggering(LateDataTrigger.onTimeThenEveryLateElement())
                .withAllowedLateness(allowedLateness)
                .withOnTimeBehavior(Window.OnTimeBehavior.FIRE_IF_NON_EMPTY)
                .accumulatingFiredPanes())
        .apply("GroupWindow", GroupByKey.create())
        .apply("Features", ParDo.of(new FeaturesFn()))
        .apply(
            "ToGlobalWindow",
            Window.<SensorWindow>into(new GlobalWindows())
                .triggering(DefaultTrigger.of())
                .withAllowedLateness(Duration.ZERO)
                .discardingFiredPanes());
  }

  private static final class FeaturesFn extends DoFn<KV<String, Iterable<Reading>>, SensorWindow> {
    private final Counter windows = Metrics.counter("vigil.sensors", "windows");
    private final Counter emptyPanes = Metrics.counter("vigil.sensors", "empty_panes");

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<Reading>> group,
        IntervalWindow window,
        PaneInfo pane,
        OutputReceiver<SensorWindow> out) {
      List<Reading> sorted = new ArrayList<>();
      group.getValue().forEach(sorted::add);
      if (sorted.isEmpty()) {
        // An on-time pane fires even with nothing new (Beam's default on-time behaviour); a
        // window without readings has no features.
        emptyPanes.inc();
        return;
      }
      Collections.sort(sorted);
      windows.inc();
      out.output(
          new SensorWindow(
              group.getKey(),
              window.start().getMillis(),
              window.end().getMillis(),
              SensorFeatures.compute(sorted),
              pane.getTiming().name()));
    }
  }
}
