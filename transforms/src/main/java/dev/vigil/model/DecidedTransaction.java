package dev.vigil.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;

/** A scored transaction and the decision taken on it: the {@code scored} output record. */
@DefaultCoder(DecidedTransactionCoder.class)
@AutoValue
public abstract class DecidedTransaction implements Serializable {
  private static final long serialVersionUID = 1L;

  public abstract ScoredTransaction getScored();

  public abstract Decision getDecision();

  public final Transaction getTransaction() {
    return getScored().getTransaction();
  }

  public final double getScore() {
    return getScored().getScore();
  }

  public final boolean isAlert() {
    return getDecision() != Decision.APPROVE;
  }

  public static DecidedTransaction of(ScoredTransaction scored, Decision decision) {
    return new AutoValue_DecidedTransaction(scored, decision);
  }
}
