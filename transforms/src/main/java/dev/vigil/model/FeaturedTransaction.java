package dev.vigil.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * A transaction with its trailing card features. {@code late} is true when the transaction arrived
 * after a later transaction of the same card, so its features were computed from the state seen so
 * far (streaming only; the batch path sorts and is never late).
 */
@DefaultCoder(FeaturedTransactionCoder.class)
@AutoValue
public abstract class FeaturedTransaction implements Serializable {
  private static final long serialVersionUID = 1L;

  public abstract Transaction getTransaction();

  public abstract CardFeatures getFeatures();

  public abstract boolean isLate();

  public static FeaturedTransaction of(
      Transaction transaction, CardFeatures features, boolean late) {
    return new AutoValue_FeaturedTransaction(transaction, features, late);
  }
}
