package dev.vigil.model;

import static dev.vigil.model.FieldCoders.readString;
import static dev.vigil.model.FieldCoders.writeString;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;

/** Deterministic coder for {@link RawRecord}. */
public final class RawRecordCoder extends AtomicCoder<RawRecord> {
  private static final RawRecordCoder INSTANCE = new RawRecordCoder();

  public static RawRecordCoder of() {
    return INSTANCE;
  }

  /** Looked up by Beam's {@code @DefaultCoder} on {@link RawRecord}. */
  public static CoderProvider getCoderProvider() {
    return DomainCoderProvider.of(RawRecord.class, INSTANCE);
  }

  private RawRecordCoder() {}

  @Override
  public void encode(RawRecord r, OutputStream out) throws IOException {
    writeString(r.getPayload(), out);
    writeString(r.getSource(), out);
  }

  @Override
  public RawRecord decode(InputStream in) throws IOException {
    return RawRecord.of(readString(in), readString(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
