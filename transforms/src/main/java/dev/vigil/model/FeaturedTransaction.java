package dev.vigil.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A transaction with its features: the v1 card features always, the {@link FeatureSet#V2} additions
 * when the pipeline computes v2. {@code late} is true when the transaction arrived after a later
 * transaction of the same card, so its features were computed from the state seen so far (streaming
 * only; the batch path sorts and is never late).
 */
@DefaultCoder(FeaturedTransactionCoder.class)
@AutoValue
public abstract class FeaturedTransaction implements Serializable {
  private static final long serialVersionUID = 1L;

  public abstract Transaction getTransaction();

  public abstract CardFeatures getFeatures();

  /** The v2 additions, or null when the pipeline computes v1 only. */
  public abstract @Nullable ProfileFeatures getProfile();

  public abstract boolean isLate();

  public static FeaturedTransaction of(
      Transaction transaction, CardFeatures features, boolean late) {
    return of(transaction, features, null, late);
  }

  public static FeaturedTransaction of(
      Transaction transaction,
      CardFeatures features,
      @Nullable ProfileFeatures profile,
      boolean late) {
    return new AutoValue_FeaturedTransaction(transaction, features, profile, late);
  }

  /** The same transaction with other v2 values. */
  public final FeaturedTransaction withProfile(ProfileFeatures profile) {
    return of(getTransaction(), getFeatures(), profile, isLate());
  }

  /** The feature set whose values this carries: v2 when it has a profile, else v1. */
  public final FeatureSet featureSet() {
    return getProfile() == null ? FeatureSet.V1 : FeatureSet.V2;
  }

  /** Name to value for every feature carried, in {@code featureSet().names()} order. */
  public final Map<String, Double> asMap() {
    double[] v = values();
    Map<String, Double> map = new LinkedHashMap<>();
    List<String> names = featureSet().names();
    for (int i = 0; i < v.length; i++) {
      map.put(names.get(i), v[i]);
    }
    return map;
  }

  /** Every value carried, in {@code featureSet().names()} order. */
  public final double[] values() {
    double[] card = getFeatures().toArray();
    ProfileFeatures profile = getProfile();
    if (profile == null) {
      return card;
    }
    double[] all = new double[card.length + ProfileFeatures.NAMES.size()];
    System.arraycopy(card, 0, all, 0, card.length);
    for (int i = 0; i < ProfileFeatures.NAMES.size(); i++) {
      all[card.length + i] = profile.get(i);
    }
    return all;
  }
}
