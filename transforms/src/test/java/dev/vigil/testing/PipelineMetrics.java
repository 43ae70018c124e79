package dev.vigil.testing;

import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/** Reads a finished test pipeline's Beam metrics (attempted values, summed over steps). */
public final class PipelineMetrics {
  private PipelineMetrics() {}

  public static long counter(PipelineResult result, String namespace, String name) {
    long total = 0;
    for (MetricResult<Long> c :
        result.metrics().queryMetrics(filter(namespace, name)).getCounters()) {
      total += c.getAttempted();
    }
    return total;
  }

  public static DistributionResult distribution(
      PipelineResult result, String namespace, String name) {
    DistributionResult merged = DistributionResult.IDENTITY_ELEMENT;
    for (MetricResult<DistributionResult> d :
        result.metrics().queryMetrics(filter(namespace, name)).getDistributions()) {
      DistributionResult r = d.getAttempted();
      merged =
          DistributionResult.create(
              merged.getSum() + r.getSum(),
              merged.getCount() + r.getCount(),
              Math.min(merged.getMin(), r.getMin()),
              Math.max(merged.getMax(), r.getMax()));
    }
    return merged;
  }

  private static MetricsFilter filter(String namespace, String name) {
    return MetricsFilter.builder().addNameFilter(MetricNameFilter.named(namespace, name)).build();
  }
}
