package dev.vigil.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * The per-transaction card features of docs/architecture.md. {@link #NAMES} is the canonical order:
 * the order of {@link #toArray()}, of the model input, and of the feature list stored next to every
 * exported model.
 */
@DefaultCoder(CardFeaturesCoder.class)
@AutoValue
public abstract class CardFeatures implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Feature names in model-input order. */
  public static final List<String> NAMES =
      List.of(
          "amount",
          "count_1h",
          "count_24h",
          "amount_avg_24h",
          "amount_ratio_24h",
          "seconds_since_last",
          "distance_km_from_last",
          "speed_kmh_from_last",
          "distinct_merchants_1h");

  public abstract double getAmount();

  public abstract int getCount1h();

  public abstract int getCount24h();

  public abstract double getAmountAvg24h();

  public abstract double getAmountRatio24h();

  public abstract double getSecondsSinceLast();

  public abstract double getDistanceKmFromLast();

  public abstract double getSpeedKmhFromLast();

  public abstract int getDistinctMerchants1h();

  /** Values in {@link #NAMES} order. */
  public final double[] toArray() {
    return new double[] {
      getAmount(),
      getCount1h(),
      getCount24h(),
      getAmountAvg24h(),
      getAmountRatio24h(),
      getSecondsSinceLast(),
      getDistanceKmFromLast(),
      getSpeedKmhFromLast(),
      getDistinctMerchants1h()
    };
  }

  /** Writes the values as float32 into {@code dst} from {@code offset}, in {@link #NAMES} order. */
  public final void copyInto(float[] dst, int offset) {
    dst[offset] = (float) getAmount();
    dst[offset + 1] = getCount1h();
    dst[offset + 2] = getCount24h();
    dst[offset + 3] = (float) getAmountAvg24h();
    dst[offset + 4] = (float) getAmountRatio24h();
    dst[offset + 5] = (float) getSecondsSinceLast();
    dst[offset + 6] = (float) getDistanceKmFromLast();
    dst[offset + 7] = (float) getSpeedKmhFromLast();
    dst[offset + 8] = getDistinctMerchants1h();
  }

  /** Name to value, in {@link #NAMES} order. */
  public final Map<String, Double> asMap() {
    double[] values = toArray();
    Map<String, Double> map = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      map.put(NAMES.get(i), values[i]);
    }
    return map;
  }

  public static Builder builder() {
    return new AutoValue_CardFeatures.Builder();
  }

  /** Builder for {@link CardFeatures}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setAmount(double value);

    public abstract Builder setCount1h(int value);

    public abstract Builder setCount24h(int value);

    public abstract Builder setAmountAvg24h(double value);

    public abstract Builder setAmountRatio24h(double value);

    public abstract Builder setSecondsSinceLast(double value);

    public abstract Builder setDistanceKmFromLast(double value);

    public abstract Builder setSpeedKmhFromLast(double value);

    public abstract Builder setDistinctMerchants1h(int value);

    public abstract CardFeatures build();
  }
}
