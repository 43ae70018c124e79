package dev.vigil.transforms.decide;

import dev.vigil.model.CardAction;
import dev.vigil.model.CardActionCoder;
import dev.vigil.model.DecidedTransaction;
import dev.vigil.model.DecidedTransactionCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;

/** What reaches a card's action state: one of its decided transactions, or an action on it. */
final class CardEvent implements Serializable {
  private static final long serialVersionUID = 1L;

  final DecidedTransaction transaction;
  final CardAction action;

  private CardEvent(DecidedTransaction transaction, CardAction action) {
    this.transaction = transaction;
    this.action = action;
  }

  static CardEvent of(DecidedTransaction t) {
    return new CardEvent(t, null);
  }

  static CardEvent of(CardAction a) {
    return new CardEvent(null, a);
  }

  /** Deterministic coder: a tag byte, then the transaction or the action. */
  static final class Coder extends AtomicCoder<CardEvent> {
    private static final Coder INSTANCE = new Coder();

    static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(CardEvent e, OutputStream out) throws IOException {
      if (e.transaction != null) {
        out.write(0);
        DecidedTransactionCoder.of().encode(e.transaction, out);
      } else {
        out.write(1);
        CardActionCoder.of().encode(e.action, out);
      }
    }

    @Override
    public CardEvent decode(InputStream in) throws IOException {
      int tag = in.read();
      if (tag == 0) {
        return CardEvent.of(DecidedTransactionCoder.of().decode(in));
      }
      if (tag == 1) {
        return CardEvent.of(CardActionCoder.of().decode(in));
      }
      throw new CoderException("unknown card event tag " + tag);
    }

    @Override
    public void verifyDeterministic() {}
  }
}
