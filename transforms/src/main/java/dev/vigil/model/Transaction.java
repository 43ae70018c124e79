package dev.vigil.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A validated card transaction (docs/architecture.md, input contract). Produced only by {@code
 * ParseTransactions}, so every instance satisfies the input rules: non-empty ids, a finite
 * non-negative amount, coordinates both present or both absent and in range.
 */
@DefaultCoder(TransactionCoder.class)
@AutoValue
public abstract class Transaction implements Serializable {
  private static final long serialVersionUID = 1L;

  public abstract String getTransactionId();

  public abstract String getCardId();

  public abstract String getMerchantId();

  public abstract double getAmount();

  /** Event time in epoch milliseconds (UTC). */
  public abstract long getEventTimeMillis();

  public abstract @Nullable String getMerchantCategory();

  public abstract @Nullable String getCurrency();

  public abstract @Nullable Double getLat();

  public abstract @Nullable Double getLon();

  /** {@code POS}, {@code ECOM} or {@code ATM}, when given. */
  public abstract @Nullable String getChannel();

  /** True when the transaction carries a location. */
  public final boolean hasCoordinates() {
    return getLat() != null && getLon() != null;
  }

  public static Builder builder() {
    return new AutoValue_Transaction.Builder();
  }

  public abstract Builder toBuilder();

  /** Builder for {@link Transaction}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setTransactionId(String value);

    public abstract Builder setCardId(String value);

    public abstract Builder setMerchantId(String value);

    public abstract Builder setAmount(double value);

    public abstract Builder setEventTimeMillis(long value);

    public abstract Builder setMerchantCategory(@Nullable String value);

    public abstract Builder setCurrency(@Nullable String value);

    public abstract Builder setLat(@Nullable Double value);

    public abstract Builder setLon(@Nullable Double value);

    public abstract Builder setChannel(@Nullable String value);

    public abstract Transaction build();
  }
}
