package dev.vigil.inference;

import dev.vigil.modelloader.ModelEvent;
import dev.vigil.modelloader.ModelValidationException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Gauge;
import org.apache.beam.sdk.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both inference DoFns share: the open model, one call per batch, metrics, and failure
 * handling. A batch that fails is retried element by element, once, so one bad element does not
 * take its neighbours down; elements that still fail become {@link InferenceFailure}s (with
 * exception handling) or fail the bundle (without). Created in {@code @Setup}, closed in
 * {@code @Teardown}.
 */
final class BatchRunner<E, T, O> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);
  private final Predictor<T> predictor;
  private final Adapter<E, T, O> adapter;
  private final boolean handleFailures;
  private final Counter inferences;
  private final Counter failures;
  private final Counter refused;
  private final Distribution batchSize;
  private final Distribution latencyUs;
  private final Distribution loadMs;
  private final Gauge version;

  BatchRunner(ModelHandler<T> handler, Adapter<E, T, O> adapter, boolean handleFailures)
      throws ModelValidationException {
    this.predictor = handler.open();
    this.adapter = adapter;
    this.handleFailures = handleFailures;
    String ns = handler.metricsNamespace();
    inferences = Metrics.counter(ns, "inferences");
    failures = Metrics.counter(ns, "failures");
    refused = Metrics.counter(ns, "model_versions_refused");
    batchSize = Metrics.distribution(ns, "batch_size");
    latencyUs = Metrics.distribution(ns, "inference_latency_us");
    loadMs = Metrics.distribution(ns, "model_load_ms");
    version = Metrics.gauge(ns, "model_version");
  }

  /** Scores {@code batch}: one output (an {@code O} or an {@link InferenceFailure}) per element. */
  List<Object> run(List<E> batch) {
    reportModelEvents();
    List<T> examples = new ArrayList<>(batch.size());
    for (E e : batch) {
      examples.add(adapter.example(e));
    }
    List<Object> out = new ArrayList<>(batch.size());
    try {
      long start = System.nanoTime();
      List<PredictionResult<T>> results = predictor.predict(examples);
      latencyUs.update((System.nanoTime() - start) / 1_000);
      batchSize.update(batch.size());
      inferences.inc(batch.size());
      version.set(predictor.servingVersion());
      for (int i = 0; i < batch.size(); i++) {
        out.add(adapter.output(batch.get(i), results.get(i)));
      }
      return out;
    } catch (RuntimeException batchFailure) {
      if (!handleFailures) {
        failures.inc(batch.size());
        throw new IllegalStateException(
            "inference failed for a batch of "
                + batch.size()
                + " on "
                + predictor.modelId()
                + ": "
                + batchFailure.getMessage()
                + " (RunInference...withExceptionHandling() outputs failed elements instead)",
            batchFailure);
      }
      if (batch.size() > 1) {
        LOG.warn(
            "inference failed for a batch of {} ({}); retrying its elements one by one",
            batch.size(),
            batchFailure.getMessage());
      }
    }
    for (int i = 0; i < batch.size(); i++) {
      try {
        PredictionResult<T> r = predictor.predict(List.of(examples.get(i))).get(0);
        inferences.inc();
        out.add(adapter.output(batch.get(i), r));
      } catch (RuntimeException e) {
        failures.inc();
        out.add(InferenceFailure.of(batch.get(i), reason(e), predictor.modelId()));
      }
    }
    return out;
  }

  private static String reason(RuntimeException e) {
    String m = e.getMessage();
    // A single-element retry names its example "example 0": drop that, the failure is the element.
    return m == null ? e.toString() : m.replaceFirst("^example 0: ", "");
  }

  private void reportModelEvents() {
    for (ModelEvent e : predictor.drainEvents()) {
      if (e.kind() == ModelEvent.Kind.LOADED) {
        loadMs.update(e.millis());
      } else {
        refused.inc();
      }
    }
  }

  @Override
  public void close() {
    predictor.close();
  }
}
