package dev.vigil.transforms.features;

import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.FeaturedTransactionCoder;
import dev.vigil.model.Label;
import dev.vigil.model.LabelCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.ByteCoder;

/** What reaches a merchant's state: one of its transactions to score, or a label. */
final class MerchantEvent implements Serializable {
  private static final long serialVersionUID = 1L;

  final FeaturedTransaction transaction;
  final Label label;

  private MerchantEvent(FeaturedTransaction transaction, Label label) {
    this.transaction = transaction;
    this.label = label;
  }

  static MerchantEvent of(FeaturedTransaction t) {
    return new MerchantEvent(t, null);
  }

  static MerchantEvent of(Label l) {
    return new MerchantEvent(null, l);
  }

  /** When it happens for the merchant: the transaction's event time or the label's labelled_at. */
  long timeMillis() {
    return transaction != null
        ? transaction.getTransaction().getEventTimeMillis()
        : label.getLabelledAtMillis();
  }

  /** Sort key within one time: labels first (a label counts from its labelled_at on), then ids. */
  String tieBreak() {
    return transaction != null
        ? "1" + transaction.getTransaction().getTransactionId()
        : "0" + label.getTransactionId() + (label.isFraud() ? "1" : "0");
  }

  /** Deterministic coder: a tag byte, then the transaction or the label. */
  static final class Coder extends AtomicCoder<MerchantEvent> {
    private static final Coder INSTANCE = new Coder();

    static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(MerchantEvent e, OutputStream out) throws IOException {
      if (e.transaction != null) {
        ByteCoder.of().encode((byte) 0, out);
        FeaturedTransactionCoder.of().encode(e.transaction, out);
      } else {
        ByteCoder.of().encode((byte) 1, out);
        LabelCoder.of().encode(e.label, out);
      }
    }

    @Override
    public MerchantEvent decode(InputStream in) throws IOException {
      return ByteCoder.of().decode(in) == 0
          ? MerchantEvent.of(FeaturedTransactionCoder.of().decode(in))
          : MerchantEvent.of(LabelCoder.of().decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
