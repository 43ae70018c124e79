package dev.vigil.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * One activity session of a card: transactions no more than the session gap apart. {@code
 * sessionStartMillis} and {@code sessionEndMillis} are the event times of its first and last
 * transaction. Like {@link MerchantWindow}, a session may be emitted again when late data extends
 * or merges it; the last pane is complete.
 */
@DefaultCoder(CardSessionCoder.class)
@AutoValue
public abstract class CardSession implements Serializable {
  private static final long serialVersionUID = 1L;

  public abstract String getCardId();

  public abstract long getSessionStartMillis();

  public abstract long getSessionEndMillis();

  public abstract long getTxnCount();

  public abstract double getAmountSum();

  /** Highest score in the session. */
  public abstract double getMaxScore();

  /** {@code EARLY}, {@code ON_TIME} or {@code LATE}. */
  public abstract String getPaneTiming();

  public static Builder builder() {
    return new AutoValue_CardSession.Builder();
  }

  /** Builder for {@link CardSession}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setCardId(String value);

    public abstract Builder setSessionStartMillis(long value);

    public abstract Builder setSessionEndMillis(long value);

    public abstract Builder setTxnCount(long value);

    public abstract Builder setAmountSum(double value);

    public abstract Builder setMaxScore(double value);

    public abstract Builder setPaneTiming(String value);

    public abstract CardSession build();
  }
}
