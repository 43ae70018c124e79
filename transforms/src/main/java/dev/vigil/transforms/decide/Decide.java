package dev.vigil.transforms.decide;

import dev.vigil.model.DecidedTransaction;
import dev.vigil.model.Decision;
import dev.vigil.model.ScoredTransaction;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Turns scores into decisions: {@code score >= block} → {@code BLOCK}, else {@code score >= review}
 * → {@code REVIEW}, else {@code APPROVE}. Defaults: review 0.5, block 0.9.
 *
 * <pre>{@code
 * PCollection<DecidedTransaction> decided =
 *     scored.apply("Decide", Decide.withThresholds(0.4, 0.85));
 * }</pre>
 *
 * <p>Metrics (namespace {@code vigil.decide}): {@code approve}, {@code review}, {@code block}.
 */
public final class Decide
    extends PTransform<PCollection<ScoredTransaction>, PCollection<DecidedTransaction>> {
  private final double review;
  private final double block;

  private Decide(double review, double block) {
    this.review = review;
    this.block = block;
  }

  public static Decide create() {
    return withThresholds(0.5, 0.9);
  }

  public static Decide withThresholds(double review, double block) {
    if (!(review >= 0 && review <= 1 && block >= 0 && block <= 1)) {
      throw new IllegalArgumentException(
          "thresholds must be in [0, 1], got review=" + review + " block=" + block);
    }
    if (review > block) {
      throw new IllegalArgumentException(
          "review threshold (" + review + ") must not exceed block threshold (" + block + ")");
    }
    return new Decide(review, block);
  }

  /** The decision for one score under these thresholds. */
  public Decision decide(double score) {
    if (score >= block) {
      return Decision.BLOCK;
    }
    return score >= review ? Decision.REVIEW : Decision.APPROVE;
  }

  @Override
  public PCollection<DecidedTransaction> expand(PCollection<ScoredTransaction> input) {
    return input.apply("ApplyThresholds", ParDo.of(new DecideFn(this)));
  }

  private static final class DecideFn extends DoFn<ScoredTransaction, DecidedTransaction> {
    private final Decide policy;
    private final Counter approve = Metrics.counter("vigil.decide", "approve");
    private final Counter review = Metrics.counter("vigil.decide", "review");
    private final Counter block = Metrics.counter("vigil.decide", "block");

    DecideFn(Decide policy) {
      this.policy = policy;
    }

    @ProcessElement
    public void process(@Element ScoredTransaction s, OutputReceiver<DecidedTransaction> out) {
      Decision d = policy.decide(s.getScore());
      (d == Decision.BLOCK ? block : d == Decision.REVIEW ? review : approve).inc();
      out.output(DecidedTransaction.of(s, d));
    }
  }
}
