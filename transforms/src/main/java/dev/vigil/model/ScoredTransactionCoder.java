package dev.vigil.model;

import static dev.vigil.model.FieldCoders.readDouble;
import static dev.vigil.model.FieldCoders.readLong;
import static dev.vigil.model.FieldCoders.writeDouble;
import static dev.vigil.model.FieldCoders.writeLong;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;

/** Deterministic coder for {@link ScoredTransaction}. */
public final class ScoredTransactionCoder extends AtomicCoder<ScoredTransaction> {
  static final ListCoder<String> REASONS = ListCoder.of(StringUtf8Coder.of());
  private static final ScoredTransactionCoder INSTANCE = new ScoredTransactionCoder();

  public static ScoredTransactionCoder of() {
    return INSTANCE;
  }

  /** Looked up by Beam's {@code @DefaultCoder} on {@link ScoredTransaction}. */
  public static CoderProvider getCoderProvider() {
    return DomainCoderProvider.of(ScoredTransaction.class, INSTANCE);
  }

  private ScoredTransactionCoder() {}

  @Override
  public void encode(ScoredTransaction s, OutputStream out) throws IOException {
    FeaturedTransactionCoder.of().encode(s.getFeatured(), out);
    writeDouble(s.getScore(), out);
    writeLong(s.getModelVersion(), out);
    REASONS.encode(s.getReasons(), out);
  }

  @Override
  public ScoredTransaction decode(InputStream in) throws IOException {
    FeaturedTransaction f = FeaturedTransactionCoder.of().decode(in);
    double score = readDouble(in);
    long version = readLong(in);
    List<String> reasons = REASONS.decode(in);
    return ScoredTransaction.of(f, score, version, reasons);
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
