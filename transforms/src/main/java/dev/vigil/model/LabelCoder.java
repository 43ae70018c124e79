package dev.vigil.model;

import static dev.vigil.model.FieldCoders.BOOLEAN;
import static dev.vigil.model.FieldCoders.NULLABLE_STRING;
import static dev.vigil.model.FieldCoders.readLong;
import static dev.vigil.model.FieldCoders.readString;
import static dev.vigil.model.FieldCoders.writeLong;
import static dev.vigil.model.FieldCoders.writeString;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;

/** Deterministic coder for {@link Label}. */
public final class LabelCoder extends AtomicCoder<Label> {
  private static final LabelCoder INSTANCE = new LabelCoder();

  public static LabelCoder of() {
    return INSTANCE;
  }

  /** Looked up by Beam's {@code @DefaultCoder} on {@link Label}. */
  public static CoderProvider getCoderProvider() {
    return DomainCoderProvider.of(Label.class, INSTANCE);
  }

  private LabelCoder() {}

  @Override
  public void encode(Label l, OutputStream out) throws IOException {
    writeString(l.getTransactionId(), out);
    NULLABLE_STRING.encode(l.getCardId(), out);
    writeString(l.getMerchantId(), out);
    BOOLEAN.encode(l.isFraud(), out);
    writeLong(l.getLabelledAtMillis(), out);
    NULLABLE_STRING.encode(l.getSource(), out);
    writeLong(l.getEventTimeMillis(), out);
  }

  @Override
  public Label decode(InputStream in) throws IOException {
    return Label.builder()
        .setTransactionId(readString(in))
        .setCardId(NULLABLE_STRING.decode(in))
        .setMerchantId(readString(in))
        .setFraud(BOOLEAN.decode(in))
        .setLabelledAtMillis(readLong(in))
        .setSource(NULLABLE_STRING.decode(in))
        .setEventTimeMillis(readLong(in))
        .build();
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
