package dev.vigil.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.VarIntCoder;

/** Deterministic coder for {@link DecidedTransaction}. */
public final class DecidedTransactionCoder extends AtomicCoder<DecidedTransaction> {
  private static final DecidedTransactionCoder INSTANCE = new DecidedTransactionCoder();

  public static DecidedTransactionCoder of() {
    return INSTANCE;
  }

  /** Looked up by Beam's {@code @DefaultCoder} on {@link DecidedTransaction}. */
  public static CoderProvider getCoderProvider() {
    return DomainCoderProvider.of(DecidedTransaction.class, INSTANCE);
  }

  private DecidedTransactionCoder() {}

  @Override
  public void encode(DecidedTransaction d, OutputStream out) throws IOException {
    ScoredTransactionCoder.of().encode(d.getScored(), out);
    VarIntCoder.of().encode(d.getDecision().ordinal(), out);
  }

  @Override
  public DecidedTransaction decode(InputStream in) throws IOException {
    ScoredTransaction s = ScoredTransactionCoder.of().decode(in);
    return DecidedTransaction.of(s, Decision.values()[VarIntCoder.of().decode(in)]);
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
