package dev.vigil.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;

/** An unparsed input record: its text and where it came from (file and line, topic and offset). */
@DefaultCoder(RawRecordCoder.class)
@AutoValue
public abstract class RawRecord implements Serializable {
  private static final long serialVersionUID = 1L;

  public abstract String getPayload();

  public abstract String getSource();

  public static RawRecord of(String payload, String source) {
    return new AutoValue_RawRecord(payload, source);
  }
}
