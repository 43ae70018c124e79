package dev.vigil.model;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * The features {@link FeatureSet#V2} adds to v1, in {@link #NAMES} order (definitions in
 * docs/features.md). The card part is computed with the card's trailing features; the merchant part
 * by the merchant stage, which fills {@link #MERCHANT_FROM} onwards. Immutable.
 */
@DefaultCoder(ProfileFeaturesCoder.class)
public final class ProfileFeatures implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Card features of v2, in order. */
  public static final List<String> CARD_NAMES =
      List.of(
          "count_7d",
          "amount_avg_7d",
          "count_30d",
          "amount_avg_30d",
          "amount_ratio_30d",
          "amount_max_30d",
          "km_from_last_located",
          "speed_kmh_from_last_located",
          "km_from_centroid_30d",
          "hour_of_day",
          "weekend");

  /** Merchant features of v2, in order. */
  public static final List<String> MERCHANT_NAMES =
      List.of(
          "merchant_count_1d",
          "merchant_count_7d",
          "merchant_count_30d",
          "merchant_risk_1d",
          "merchant_risk_7d",
          "merchant_risk_30d",
          "merchant_labelled_30d");

  /** Every v2 addition: the card part, then the merchant part. */
  public static final List<String> NAMES = concat();

  /** Index in {@link #NAMES} of the first merchant feature. */
  public static final int MERCHANT_FROM = CARD_NAMES.size();

  private final double[] values;

  private ProfileFeatures(double[] values) {
    this.values = values;
  }

  /** The card part; the merchant part is zero until {@link #withMerchant}. */
  public static ProfileFeatures ofCard(double[] card) {
    if (card.length != CARD_NAMES.size()) {
      throw new IllegalArgumentException(
          "expected " + CARD_NAMES.size() + " card values, got " + card.length);
    }
    return new ProfileFeatures(Arrays.copyOf(card, NAMES.size()));
  }

  /** A copy with the merchant part set. */
  public ProfileFeatures withMerchant(double[] merchant) {
    if (merchant.length != MERCHANT_NAMES.size()) {
      throw new IllegalArgumentException(
          "expected " + MERCHANT_NAMES.size() + " merchant values, got " + merchant.length);
    }
    double[] v = values.clone();
    System.arraycopy(merchant, 0, v, MERCHANT_FROM, merchant.length);
    return new ProfileFeatures(v);
  }

  static ProfileFeatures ofAll(double[] values) {
    if (values.length != NAMES.size()) {
      throw new IllegalArgumentException(
          "expected " + NAMES.size() + " values, got " + values.length);
    }
    return new ProfileFeatures(values.clone());
  }

  /** The value of {@code NAMES.get(i)}. */
  public double get(int i) {
    return values[i];
  }

  /** The value named {@code name}. */
  public double get(String name) {
    int i = NAMES.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no profile feature '" + name + "'; known: " + NAMES);
    }
    return values[i];
  }

  /** Values in {@link #NAMES} order (a copy). */
  public double[] toArray() {
    return values.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProfileFeatures && Arrays.equals(values, ((ProfileFeatures) o).values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("ProfileFeatures{");
    for (int i = 0; i < values.length; i++) {
      b.append(i == 0 ? "" : ", ").append(NAMES.get(i)).append('=').append(values[i]);
    }
    return b.append('}').toString();
  }

  private static List<String> concat() {
    String[] all = new String[CARD_NAMES.size() + MERCHANT_NAMES.size()];
    for (int i = 0; i < CARD_NAMES.size(); i++) {
      all[i] = CARD_NAMES.get(i);
    }
    for (int i = 0; i < MERCHANT_NAMES.size(); i++) {
      all[CARD_NAMES.size() + i] = MERCHANT_NAMES.get(i);
    }
    return List.of(all);
  }
}
