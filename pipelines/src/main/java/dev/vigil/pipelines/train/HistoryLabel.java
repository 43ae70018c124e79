package dev.vigil.pipelines.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;

/**
 * What a history line says about its transaction: its id, its label (0 or 1; -1 when the line has
 * none), its scenario, and the raw line when unlabelled (so the dead letter carries it).
 *
 * @param transactionId the line's {@code transaction_id}
 * @param label 0, 1, or {@link #UNLABELLED}
 * @param scenario the line's {@code scenario}, or {@code UNKNOWN}
 * @param raw the whole line when unlabelled, else null
 */
record HistoryLabel(String transactionId, int label, String scenario, String raw) {
  static final int UNLABELLED = -1;

  boolean labelled() {
    return label != UNLABELLED;
  }

  /** Deterministic coder for the join. */
  static final class Coder extends AtomicCoder<HistoryLabel> {
    static final Coder INSTANCE = new Coder();
    private static final NullableCoder<String> RAW = NullableCoder.of(StringUtf8Coder.of());

    @Override
    public void encode(HistoryLabel l, OutputStream out) throws IOException {
      StringUtf8Coder.of().encode(l.transactionId(), out);
      VarIntCoder.of().encode(l.label(), out);
      StringUtf8Coder.of().encode(l.scenario(), out);
      RAW.encode(l.raw(), out);
    }

    @Override
    public HistoryLabel decode(InputStream in) throws IOException {
      return new HistoryLabel(
          StringUtf8Coder.of().decode(in),
          VarIntCoder.of().decode(in),
          StringUtf8Coder.of().decode(in),
          RAW.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
