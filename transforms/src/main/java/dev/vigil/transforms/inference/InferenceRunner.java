package dev.vigil.transforms.inference;

import dev.vigil.model.DeadLetter;
import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.ScoredTransaction;
import dev.vigil.modelloader.ModelConfig;
import dev.vigil.modelloader.ModelEvent;
import dev.vigil.modelloader.ModelLease;
import dev.vigil.modelloader.ModelValidationException;
import dev.vigil.modelloader.ScoringModel;
import dev.vigil.modelloader.SharedModel;
import dev.vigil.modelloader.SharedModels;
import dev.vigil.transforms.io.JsonFormat;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Gauge;
import org.apache.beam.sdk.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both scoring DoFns share: the per-JVM model handle, one model call per batch through {@link
 * BatchScorer}, metrics, and dead letters for a failed batch. Created in {@code @Setup}, closed in
 * {@code @Teardown}.
 */
final class InferenceRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InferenceRunner.class);
  private static final String NS = ScoreTransactions.METRICS_NAMESPACE;

  /** The outcome of one batch: scored elements, or dead letters for all of them. */
  record Outcome(List<ScoredTransaction> scored, List<DeadLetter> deadLetters) {}

  private final String modelDir;
  private final SharedModel<ScoringModel> shared;
  private final BatchScorer scorer;
  private final Counter inferences = Metrics.counter(NS, "inferences");
  private final Counter failures = Metrics.counter(NS, "failures");
  private final Counter refused = Metrics.counter(NS, "model_versions_refused");
  private final Distribution batchSize = Metrics.distribution(NS, "batch_size");
  private final Distribution latencyUs = Metrics.distribution(NS, "inference_latency_us");
  private final Distribution loadMs = Metrics.distribution(NS, "model_load_ms");
  private final Gauge version = Metrics.gauge(NS, "model_version");

  InferenceRunner(ModelConfig config, double reasonThreshold) throws ModelValidationException {
    this.modelDir = config.baseDir();
    this.shared = SharedModels.acquire(config);
    this.scorer = new BatchScorer(reasonThreshold);
  }

  Outcome run(List<FeaturedTransaction> batch) {
    try (ModelLease<ScoringModel> lease = shared.lease()) {
      reportModelEvents();
      long start = System.nanoTime();
      List<ScoredTransaction> scored = scorer.score(lease.model(), batch);
      latencyUs.update((System.nanoTime() - start) / 1_000);
      version.set(lease.model().version());
      inferences.inc(batch.size());
      batchSize.update(batch.size());
      return new Outcome(scored, List.of());
    } catch (RuntimeException e) {
      failures.inc(batch.size());
      LOG.warn("inference failed for a batch of {}: {}", batch.size(), e.toString());
      List<DeadLetter> dead = new ArrayList<>(batch.size());
      for (FeaturedTransaction f : batch) {
        dead.add(
            DeadLetter.of(
                JsonFormat.featured(f),
                "inference failed: " + e,
                ScoreTransactions.STAGE,
                "model:" + modelDir));
      }
      return new Outcome(List.of(), dead);
    }
  }

  private void reportModelEvents() {
    for (ModelEvent e : shared.drainEvents()) {
      if (e.kind() == ModelEvent.Kind.LOADED) {
        loadMs.update(e.millis());
      } else {
        refused.inc();
      }
    }
  }

  @Override
  public void close() {
    shared.close();
  }
}
