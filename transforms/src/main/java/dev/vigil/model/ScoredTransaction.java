package dev.vigil.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * A featured transaction with its model score (0..1), the model version that produced it, and the
 * features that drove the score (by occlusion: replacing each with its typical legitimate value and
 * measuring how much the score drops), computed for high scores only.
 */
@DefaultCoder(ScoredTransactionCoder.class)
@AutoValue
public abstract class ScoredTransaction implements Serializable {
  private static final long serialVersionUID = 1L;

  public abstract FeaturedTransaction getFeatured();

  public abstract double getScore();

  public abstract long getModelVersion();

  /** Feature names, strongest first; empty when the score was below the reason threshold. */
  public abstract List<String> getReasons();

  public final Transaction getTransaction() {
    return getFeatured().getTransaction();
  }

  public static ScoredTransaction of(
      FeaturedTransaction featured, double score, long modelVersion, List<String> reasons) {
    return new AutoValue_ScoredTransaction(featured, score, modelVersion, List.copyOf(reasons));
  }
}
