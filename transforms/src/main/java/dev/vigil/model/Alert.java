package dev.vigil.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * One alert per {@code REVIEW} or {@code BLOCK} decision. {@code alertId} is derived from the
 * transaction id, so a replayed transaction produces the same alert (idempotent sinks).
 */
@DefaultCoder(AlertCoder.class)
@AutoValue
public abstract class Alert implements Serializable {
  private static final long serialVersionUID = 1L;

  public abstract String getAlertId();

  public abstract String getTransactionId();

  public abstract String getCardId();

  public abstract double getScore();

  public abstract Decision getDecision();

  /** The features that drove the score, strongest first. */
  public abstract List<String> getReasons();

  public abstract long getModelVersion();

  public abstract long getEventTimeMillis();

  public static Alert of(DecidedTransaction d) {
    Transaction t = d.getTransaction();
    return create(
        "alert-" + t.getTransactionId(),
        t.getTransactionId(),
        t.getCardId(),
        d.getScore(),
        d.getDecision(),
        d.getScored().getReasons(),
        d.getScored().getModelVersion(),
        t.getEventTimeMillis());
  }

  static Alert create(
      String alertId,
      String transactionId,
      String cardId,
      double score,
      Decision decision,
      List<String> reasons,
      long modelVersion,
      long eventTimeMillis) {
    return new AutoValue_Alert(
        alertId,
        transactionId,
        cardId,
        score,
        decision,
        List.copyOf(reasons),
        modelVersion,
        eventTimeMillis);
  }
}
