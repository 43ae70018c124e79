package dev.vigil.model;

import static dev.vigil.model.FieldCoders.NULLABLE_STRING;
import static dev.vigil.model.FieldCoders.readLong;
import static dev.vigil.model.FieldCoders.readString;
import static dev.vigil.model.FieldCoders.writeLong;
import static dev.vigil.model.FieldCoders.writeString;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderProvider;

/** Deterministic coder for {@link CardAction}. */
public final class CardActionCoder extends AtomicCoder<CardAction> {
  private static final CardActionCoder INSTANCE = new CardActionCoder();
  private static final CardAction.Kind[] KINDS = CardAction.Kind.values();

  public static CardActionCoder of() {
    return INSTANCE;
  }

  /** Looked up by Beam's {@code @DefaultCoder} on {@link CardAction}. */
  public static CoderProvider getCoderProvider() {
    return DomainCoderProvider.of(CardAction.class, INSTANCE);
  }

  private CardActionCoder() {}

  @Override
  public void encode(CardAction a, OutputStream out) throws IOException {
    writeString(a.getCardId(), out);
    out.write(a.getKind().ordinal());
    writeLong(a.getAtMillis(), out);
    NULLABLE_STRING.encode(a.getAnalyst(), out);
    NULLABLE_STRING.encode(a.getNote(), out);
  }

  @Override
  public CardAction decode(InputStream in) throws IOException {
    String card = readString(in);
    int kind = in.read();
    if (kind < 0 || kind >= KINDS.length) {
      throw new CoderException("unknown card action kind " + kind);
    }
    return CardAction.of(
        card, KINDS[kind], readLong(in), NULLABLE_STRING.decode(in), NULLABLE_STRING.decode(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
