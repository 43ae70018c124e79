package dev.vigil.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A named, versioned list of exact feature definitions (docs/features.md). A model's manifest names
 * the features it reads; the pipeline computes one feature set, and a model whose features are not
 * all in it is refused.
 *
 * <ul>
 *   <li>{@link #V1}: the nine trailing card features of one hour and 24 hours ({@link
 *       CardFeatures#NAMES}), unchanged since the first model.
 *   <li>{@link #V2}: v1 plus {@link ProfileFeatures#NAMES}: the card's 7- and 30-day profile, where
 *       it usually is, the merchant's activity and its fraud share from delayed labels, and the
 *       time of day.
 * </ul>
 */
public enum FeatureSet {
  V1(CardFeatures.NAMES),
  V2(concat(CardFeatures.NAMES, ProfileFeatures.NAMES));

  private final List<String> names;

  FeatureSet(List<String> names) {
    this.names = names;
  }

  /** The features computed, in the order of {@link FeaturedTransaction#values}. */
  public List<String> names() {
    return names;
  }

  /** {@code v1}, {@code v2}: the name a model manifest records. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The set named {@code id} ({@code v1}, {@code v2}; case-insensitive). */
  public static FeatureSet fromId(String id) {
    for (FeatureSet s : values()) {
      if (s.id().equalsIgnoreCase(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown feature set '" + id + "'; known: " + List.of(ids()));
  }

  /** The smallest set that computes every one of {@code features}, or null when none does. */
  public static FeatureSet smallestCovering(List<String> features) {
    for (FeatureSet s : values()) {
      if (s.missing(features).isEmpty()) {
        return s;
      }
    }
    return null;
  }

  /** Those of {@code features} this set does not compute, in their order. */
  public List<String> missing(List<String> features) {
    List<String> out = new ArrayList<>();
    for (String f : features) {
      if (!names.contains(f)) {
        out.add(f);
      }
    }
    return out;
  }

  private static String[] ids() {
    FeatureSet[] all = values();
    String[] ids = new String[all.length];
    for (int i = 0; i < all.length; i++) {
      ids[i] = all[i].id();
    }
    return ids;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return List.copyOf(out);
  }
}
