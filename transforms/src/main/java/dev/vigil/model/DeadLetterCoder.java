package dev.vigil.model;

import static dev.vigil.model.FieldCoders.readLong;
import static dev.vigil.model.FieldCoders.readString;
import static dev.vigil.model.FieldCoders.writeLong;
import static dev.vigil.model.FieldCoders.writeString;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;

/** Deterministic coder for {@link DeadLetter}. */
public final class DeadLetterCoder extends AtomicCoder<DeadLetter> {
  private static final DeadLetterCoder INSTANCE = new DeadLetterCoder();

  public static DeadLetterCoder of() {
    return INSTANCE;
  }

  /** Looked up by Beam's {@code @DefaultCoder} on {@link DeadLetter}. */
  public static CoderProvider getCoderProvider() {
    return DomainCoderProvider.of(DeadLetter.class, INSTANCE);
  }

  private DeadLetterCoder() {}

  @Override
  public void encode(DeadLetter d, OutputStream out) throws IOException {
    writeString(d.getRaw(), out);
    writeString(d.getError(), out);
    writeString(d.getStage(), out);
    writeString(d.getSource(), out);
    writeLong(d.getFailedAtMillis(), out);
    writeLong(d.getRawBytes(), out);
    writeString(d.getRawSha256(), out);
  }

  @Override
  public DeadLetter decode(InputStream in) throws IOException {
    return DeadLetter.restore(
        readString(in),
        readString(in),
        readString(in),
        readString(in),
        readLong(in),
        readLong(in),
        readString(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
