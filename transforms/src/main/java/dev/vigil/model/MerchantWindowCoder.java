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

/** Deterministic coder for {@link MerchantWindow}. */
public final class MerchantWindowCoder extends AtomicCoder<MerchantWindow> {
  private static final MerchantWindowCoder INSTANCE = new MerchantWindowCoder();

  public static MerchantWindowCoder of() {
    return INSTANCE;
  }

  /** Looked up by Beam's {@code @DefaultCoder} on {@link MerchantWindow}. */
  public static CoderProvider getCoderProvider() {
    return DomainCoderProvider.of(MerchantWindow.class, INSTANCE);
  }

  private MerchantWindowCoder() {}

  @Override
  public void encode(MerchantWindow w, OutputStream out) throws IOException {
    writeString(w.getMerchantId(), out);
    writeLong(w.getWindowStartMillis(), out);
    writeLong(w.getWindowEndMillis(), out);
    writeLong(w.getTxnCount(), out);
    writeDouble(w.getAmountSum(), out);
    writeDouble(w.getAvgScore(), out);
    writeLong(w.getAlertCount(), out);
    writeString(w.getPaneTiming(), out);
  }

  @Override
  public MerchantWindow decode(InputStream in) throws IOException {
    return MerchantWindow.builder()
        .setMerchantId(readString(in))
        .setWindowStartMillis(readLong(in))
        .setWindowEndMillis(readLong(in))
        .setTxnCount(readLong(in))
        .setAmountSum(readDouble(in))
        .setAvgScore(readDouble(in))
        .setAlertCount(readLong(in))
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
