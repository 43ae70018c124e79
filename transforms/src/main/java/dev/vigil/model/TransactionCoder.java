package dev.vigil.model;

import static dev.vigil.model.FieldCoders.NULLABLE_DOUBLE;
import static dev.vigil.model.FieldCoders.NULLABLE_STRING;
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

/** Compact deterministic coder for {@link Transaction}. */
public final class TransactionCoder extends AtomicCoder<Transaction> {
  private static final TransactionCoder INSTANCE = new TransactionCoder();

  public static TransactionCoder of() {
    return INSTANCE;
  }

  /** Looked up by Beam's {@code @DefaultCoder} on {@link Transaction}. */
  public static CoderProvider getCoderProvider() {
    return DomainCoderProvider.of(Transaction.class, INSTANCE);
  }

  private TransactionCoder() {}

  @Override
  public void encode(Transaction t, OutputStream out) throws IOException {
    writeString(t.getTransactionId(), out);
    writeString(t.getCardId(), out);
    writeString(t.getMerchantId(), out);
    writeDouble(t.getAmount(), out);
    writeLong(t.getEventTimeMillis(), out);
    NULLABLE_STRING.encode(t.getMerchantCategory(), out);
    NULLABLE_STRING.encode(t.getCurrency(), out);
    NULLABLE_DOUBLE.encode(t.getLat(), out);
    NULLABLE_DOUBLE.encode(t.getLon(), out);
    NULLABLE_STRING.encode(t.getChannel(), out);
  }

  @Override
  public Transaction decode(InputStream in) throws IOException {
    return Transaction.builder()
        .setTransactionId(readString(in))
        .setCardId(readString(in))
        .setMerchantId(readString(in))
        .setAmount(readDouble(in))
        .setEventTimeMillis(readLong(in))
        .setMerchantCategory(NULLABLE_STRING.decode(in))
        .setCurrency(NULLABLE_STRING.decode(in))
        .setLat(NULLABLE_DOUBLE.decode(in))
        .setLon(NULLABLE_DOUBLE.decode(in))
        .setChannel(NULLABLE_STRING.decode(in))
        .build();
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
