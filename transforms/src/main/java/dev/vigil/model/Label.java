package dev.vigil.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What became known about a transaction: fraud ({@code fraud} true) or legitimate, from a source
 * such as a chargeback or an analyst, at {@code labelledAt}. Produced only by {@code ParseLabels},
 * so {@code labelledAt >= eventTime}. The label of a transaction counts for the merchant's risk
 * features from {@code labelledAt} on; a newer label of the same transaction replaces it.
 */
@DefaultCoder(LabelCoder.class)
@AutoValue
public abstract class Label implements Serializable {
  private static final long serialVersionUID = 1L;

  public abstract String getTransactionId();

  public abstract @Nullable String getCardId();

  public abstract String getMerchantId();

  public abstract boolean isFraud();

  /** When the label became known, epoch milliseconds (UTC). */
  public abstract long getLabelledAtMillis();

  /** {@code chargeback}, {@code analyst}, ...; null when not given. */
  public abstract @Nullable String getSource();

  /** Event time of the labelled transaction, epoch milliseconds (UTC). */
  public abstract long getEventTimeMillis();

  public static Builder builder() {
    return new AutoValue_Label.Builder();
  }

  public abstract Builder toBuilder();

  /** Builder for {@link Label}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setTransactionId(String value);

    public abstract Builder setCardId(@Nullable String value);

    public abstract Builder setMerchantId(String value);

    public abstract Builder setFraud(boolean value);

    public abstract Builder setLabelledAtMillis(long value);

    public abstract Builder setSource(@Nullable String value);

    public abstract Builder setEventTimeMillis(long value);

    public abstract Label build();
  }
}
