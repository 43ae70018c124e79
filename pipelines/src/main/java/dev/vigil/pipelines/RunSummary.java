package dev.vigil.pipelines;

import dev.vigil.transforms.parse.ParseTransactions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * The short summary printed after a finished run: records in, records out per kind (counted once,
 * whatever their sinks: files, Kafka, Cassandra), dead letters, time.
 */
public final class RunSummary {
  private final long recordsIn;
  private final long scored;
  private final long alerts;
  private final long deadLetters;
  private final long merchantWindows;
  private final long cardSessions;
  private final long wallMillis;

  private RunSummary(PipelineResult result, long wallMillis) {
    this.recordsIn = counter(result, ParseTransactions.METRICS_NAMESPACE, "records_in");
    this.scored = counter(result, Outputs.METRICS_NAMESPACE, "scored");
    this.alerts = counter(result, Outputs.METRICS_NAMESPACE, "alerts");
    this.deadLetters = counter(result, Outputs.METRICS_NAMESPACE, "deadletter");
    this.merchantWindows = counter(result, Outputs.METRICS_NAMESPACE, "merchant_windows");
    this.cardSessions = counter(result, Outputs.METRICS_NAMESPACE, "card_sessions");
    this.wallMillis = wallMillis;
  }

  public static RunSummary of(PipelineResult result, long wallMillis) {
    return new RunSummary(result, wallMillis);
  }

  public long recordsIn() {
    return recordsIn;
  }

  public long scored() {
    return scored;
  }

  public long alerts() {
    return alerts;
  }

  public long deadLetters() {
    return deadLetters;
  }

  static long counter(PipelineResult result, String namespace, String name) {
    long total = 0;
    for (MetricResult<Long> c :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(namespace, name))
                    .build())
            .getCounters()) {
      Long committed = null;
      try {
        committed = c.getCommitted();
      } catch (UnsupportedOperationException e) {
        // Runners without committed metrics report attempted values only.
      }
      total += committed != null ? committed : c.getAttempted();
    }
    return total;
  }

  public String render() {
    return String.format(
        "Vigil run summary%n"
            + "  records in        %,d%n"
            + "  scored            %,d%n"
            + "  alerts            %,d%n"
            + "  dead letters      %,d%n"
            + "  merchant windows  %,d%n"
            + "  card sessions     %,d%n"
            + "  wall time         %.1f s",
        recordsIn, scored, alerts, deadLetters, merchantWindows, cardSessions, wallMillis / 1000.0);
  }
}
