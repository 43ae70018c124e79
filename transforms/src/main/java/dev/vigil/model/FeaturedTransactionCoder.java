package dev.vigil.model;

import static dev.vigil.model.FieldCoders.BOOLEAN;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.NullableCoder;

/** Deterministic coder for {@link FeaturedTransaction}. */
public final class FeaturedTransactionCoder extends AtomicCoder<FeaturedTransaction> {
  private static final FeaturedTransactionCoder INSTANCE = new FeaturedTransactionCoder();

  public static FeaturedTransactionCoder of() {
    return INSTANCE;
  }

  /** Looked up by Beam's {@code @DefaultCoder} on {@link FeaturedTransaction}. */
  public static CoderProvider getCoderProvider() {
    return DomainCoderProvider.of(FeaturedTransaction.class, INSTANCE);
  }

  private static final Coder<ProfileFeatures> PROFILE = NullableCoder.of(ProfileFeaturesCoder.of());

  private FeaturedTransactionCoder() {}

  @Override
  public void encode(FeaturedTransaction f, OutputStream out) throws IOException {
    TransactionCoder.of().encode(f.getTransaction(), out);
    CardFeaturesCoder.of().encode(f.getFeatures(), out);
    PROFILE.encode(f.getProfile(), out);
    BOOLEAN.encode(f.isLate(), out);
  }

  @Override
  public FeaturedTransaction decode(InputStream in) throws IOException {
    return FeaturedTransaction.of(
        TransactionCoder.of().decode(in),
        CardFeaturesCoder.of().decode(in),
        PROFILE.decode(in),
        BOOLEAN.decode(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
