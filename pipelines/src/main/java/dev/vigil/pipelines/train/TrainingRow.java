package dev.vigil.pipelines.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * One labelled training row, as the feature pass writes it to a {@link RowFile}: the transaction's
 * identity hash (for a deterministic order), event time, its card's hash (for the split by card),
 * the label, the fraud scenario and the feature values.
 *
 * @param transactionHash a 64-bit hash of {@code transaction_id}
 * @param eventTimeMillis the transaction's event time
 * @param cardHash {@code card_id.hashCode()}
 * @param label 1 for fraud, 0 for legitimate
 * @param scenario the history's {@code scenario} (at most {@link RowFile#SCENARIO_BYTES} ASCII
 *     bytes), or {@code UNKNOWN}
 * @param features the feature values, in the feature set's order
 */
public record TrainingRow(
    long transactionHash,
    long eventTimeMillis,
    int cardHash,
    int label,
    String scenario,
    float[] features) {

  /** A stable 64-bit hash of a transaction id (FNV-1a), the same on every JVM. */
  public static long hash(String transactionId) {
    long h = 0xcbf29ce484222325L;
    for (byte b : transactionId.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrainingRow r
        && r.transactionHash == transactionHash
        && r.eventTimeMillis == eventTimeMillis
        && r.cardHash == cardHash
        && r.label == label
        && r.scenario.equals(scenario)
        && Arrays.equals(r.features, features);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(transactionHash) * 31 + Arrays.hashCode(features);
  }

  /** Deterministic coder for the shuffle between the feature pass and the row file. */
  static final class Coder extends AtomicCoder<TrainingRow> {
    static final Coder INSTANCE = new Coder();

    @Override
    public void encode(TrainingRow r, OutputStream out) throws IOException {
      VarLongCoder.of().encode(r.transactionHash(), out);
      VarLongCoder.of().encode(r.eventTimeMillis(), out);
      VarIntCoder.of().encode(r.cardHash(), out);
      VarIntCoder.of().encode(r.label(), out);
      ByteArrayCoder.of().encode(r.scenario().getBytes(StandardCharsets.US_ASCII), out);
      VarIntCoder.of().encode(r.features().length, out);
      for (float f : r.features()) {
        VarIntCoder.of().encode(Float.floatToRawIntBits(f), out);
      }
    }

    @Override
    public TrainingRow decode(InputStream in) throws IOException {
      long tx = VarLongCoder.of().decode(in);
      long t = VarLongCoder.of().decode(in);
      int card = VarIntCoder.of().decode(in);
      int label = VarIntCoder.of().decode(in);
      String scenario = new String(ByteArrayCoder.of().decode(in), StandardCharsets.US_ASCII);
      float[] features = new float[VarIntCoder.of().decode(in)];
      for (int i = 0; i < features.length; i++) {
        features[i] = Float.intBitsToFloat(VarIntCoder.of().decode(in));
      }
      return new TrainingRow(tx, t, card, label, scenario, features);
    }

    @Override
    public void verifyDeterministic() {}
  }
}
