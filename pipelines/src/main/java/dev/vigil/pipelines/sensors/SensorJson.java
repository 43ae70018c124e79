package dev.vigil.pipelines.sensors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.model.IsoInstants;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** JSON encodings of the sensor pipeline's records (docs/sensors.md). */
public final class SensorJson {
  private static final JsonFactory JSON = new JsonFactory();

  private SensorJson() {}

  /** A reading in the input format. */
  public static String reading(Reading r) {
    return "{\"sensor_id\":\""
        + r.sensorId()
        + "\",\"value\":"
        + r.value()
        + ",\"timestamp\":\""
        + IsoInstants.format(r.timeMillis())
        + "\"}";
  }

  /** A scored window: identity, verdict, probabilities and features. */
  public static String scored(ScoredSensorWindow s) {
    StringWriter out = new StringWriter(512);
    SensorWindow w = s.window();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("sensor_id", w.sensorId());
      g.writeStringField("window_start", IsoInstants.format(w.startMillis()));
      g.writeStringField("window_end", IsoInstants.format(w.endMillis()));
      g.writeStringField("pane_timing", w.paneTiming());
      g.writeBooleanField("anomaly", s.anomaly());
      g.writeNumberField("anomaly_score", s.score());
      g.writeStringField("kind", s.kind());
      g.writeObjectFieldStart("probabilities");
      float[] p = s.probabilities();
      for (int i = 0; i < p.length; i++) {
        g.writeNumberField(ScoredSensorWindow.CLASSES.get(i), p[i]);
      }
      g.writeEndObject();
      g.writeObjectFieldStart("features");
      double[] f = w.features();
      for (int i = 0; i < f.length; i++) {
        g.writeNumberField(SensorFeatures.NAMES.get(i), f[i]);
      }
      g.writeEndObject();
      g.writeStringField("model", s.modelId());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
