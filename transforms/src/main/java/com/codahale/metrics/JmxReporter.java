package com.codahale.metrics;

/**
 * Compatibility bridge for the Cassandra Java driver 3.x under Dropwizard Metrics 4.
 *
 * <p>{@code CassandraIO} always enables the driver's JMX reporting, and driver 3.x calls {@code
 * com.codahale.metrics.JmxReporter}, which Metrics 4 moved to {@code
 * com.codahale.metrics.jmx.JmxReporter} (module {@code metrics-jmx}). Vigil runs every runner on
 * one classpath and Spark 3.5 needs Metrics 4, so without this class the Cassandra sink fails with
 * {@code NoClassDefFoundError: com/codahale/metrics/JmxReporter}. This class keeps the old name and
 * the few methods the driver uses, delegating to the Metrics 4 reporter: the driver's metrics are
 * still published over JMX.
 */
public final class JmxReporter implements java.io.Closeable {
  private final com.codahale.metrics.jmx.JmxReporter delegate;

  private JmxReporter(com.codahale.metrics.jmx.JmxReporter delegate) {
    this.delegate = delegate;
  }

  public static Builder forRegistry(MetricRegistry registry) {
    return new Builder(com.codahale.metrics.jmx.JmxReporter.forRegistry(registry));
  }

  public void start() {
    delegate.start();
  }

  public void stop() {
    delegate.stop();
  }

  @Override
  public void close() {
    delegate.close();
  }

  /** The subset of the Metrics 3 builder the Cassandra driver uses. */
  public static final class Builder {
    private final com.codahale.metrics.jmx.JmxReporter.Builder delegate;

    private Builder(com.codahale.metrics.jmx.JmxReporter.Builder delegate) {
      this.delegate = delegate;
    }

    public Builder inDomain(String domain) {
      delegate.inDomain(domain);
      return this;
    }

    public JmxReporter build() {
      return new JmxReporter(delegate.build());
    }
  }
}
