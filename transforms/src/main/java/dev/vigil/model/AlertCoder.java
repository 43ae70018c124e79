package dev.vigil.model;

import static dev.vigil.model.FieldCoders.readDouble;
import static dev.vigil.model.FieldCoders.readLong;
import static dev.vigil.model.FieldCoders.readString;
import static dev.vigil.model.FieldCoders.writeDouble;
import static dev.vigil.model.FieldCoders.writeLong;
import static dev.vigil.model.FieldCoders.writeString;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.VarIntCoder;

/** Deterministic coder for {@link Alert}. */
public final class AlertCoder extends AtomicCoder<Alert> {
  private static final AlertCoder INSTANCE = new AlertCoder();

  public static AlertCoder of() {
    return INSTANCE;
  }

  /** Looked up by Beam's {@code @DefaultCoder} on {@link Alert}. */
  public static CoderProvider getCoderProvider() {
    return DomainCoderProvider.of(Alert.class, INSTANCE);
  }

  private AlertCoder() {}

  @Override
  public void encode(Alert a, OutputStream out) throws IOException {
    writeString(a.getAlertId(), out);
    writeString(a.getTransactionId(), out);
    writeString(a.getCardId(), out);
    writeDouble(a.getScore(), out);
    VarIntCoder.of().encode(a.getDecision().ordinal(), out);
    ScoredTransactionCoder.REASONS.encode(a.getReasons(), out);
    writeLong(a.getModelVersion(), out);
    writeLong(a.getEventTimeMillis(), out);
  }

  @Override
  public Alert decode(InputStream in) throws IOException {
    return Alert.create(
        readString(in),
        readString(in),
        readString(in),
        readDouble(in),
        Decision.values()[VarIntCoder.of().decode(in)],
        ScoredTransactionCoder.REASONS.decode(in),
        readLong(in),
        readLong(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
