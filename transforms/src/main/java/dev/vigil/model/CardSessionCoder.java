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

/** Deterministic coder for {@link CardSession}. */
public final class CardSessionCoder extends AtomicCoder<CardSession> {
  private static final CardSessionCoder INSTANCE = new CardSessionCoder();

  public static CardSessionCoder of() {
    return INSTANCE;
  }

  /** Looked up by Beam's {@code @DefaultCoder} on {@link CardSession}. */
  public static CoderProvider getCoderProvider() {
    return DomainCoderProvider.of(CardSession.class, INSTANCE);
  }

  private CardSessionCoder() {}

  @Override
  public void encode(CardSession w, OutputStream out) throws IOException {
    writeString(w.getCardId(), out);
    writeLong(w.getSessionStartMillis(), out);
    writeLong(w.getSessionEndMillis(), out);
    writeLong(w.getTxnCount(), out);
    writeDouble(w.getAmountSum(), out);
    writeDouble(w.getMaxScore(), out);
    writeString(w.getPaneTiming(), out);
  }

  @Override
  public CardSession decode(InputStream in) throws IOException {
    return CardSession.builder()
        .setCardId(readString(in))
        .setSessionStartMillis(readLong(in))
        .setSessionEndMillis(readLong(in))
        .setTxnCount(readLong(in))
        .setAmountSum(readDouble(in))
        .setMaxScore(readDouble(in))
        .setPaneTiming(readString(in))
        .build();
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
