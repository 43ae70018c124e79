package dev.vigil.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * Activity of one merchant in one sliding event-time window. A window can be emitted more than once
 * (on time, then once per late firing); later panes accumulate, so the last pane is the complete
 * one and writers upsert by {@code (merchantId, windowStartMillis)}.
 */
@DefaultCoder(MerchantWindowCoder.class)
@AutoValue
public abstract class MerchantWindow implements Serializable {
  private static final long serialVersionUID = 1L;

  public abstract String getMerchantId();

  public abstract long getWindowStartMillis();

  public abstract long getWindowEndMillis();

  public abstract long getTxnCount();

  public abstract double getAmountSum();

  /** Mean score of the window's transactions. */
  public abstract double getAvgScore();

  /** Transactions decided REVIEW or BLOCK. */
  public abstract long getAlertCount();

  /** {@code EARLY}, {@code ON_TIME} or {@code LATE}. */
  public abstract String getPaneTiming();

  public static Builder builder() {
    return new AutoValue_MerchantWindow.Builder();
  }

  /** Builder for {@link MerchantWindow}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setMerchantId(String value);

    public abstract Builder setWindowStartMillis(long value);

    public abstract Builder setWindowEndMillis(long value);

    public abstract Builder setTxnCount(long value);

    public abstract Builder setAmountSum(double value);

    public abstract Builder setAvgScore(double value);

    public abstract Builder setAlertCount(long value);

    public abstract Builder setPaneTiming(String value);

    public abstract MerchantWindow build();
  }
}
