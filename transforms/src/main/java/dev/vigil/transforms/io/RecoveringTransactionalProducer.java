package dev.vigil.transforms.io;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional producer Vigil gives Beam's exactly-once Kafka sink ({@code KafkaIO.withEOS}),
 * so that the sink survives a failed bundle.
 *
 * <p>Beam 2.62's sink keeps each shard's writer, with its producer, in a static per-JVM cache and
 * puts it back after every bundle, also after one that failed half-way. On Flink a job restarted
 * after a failure (a TaskManager lost, a bundle interrupted) runs in the same class loader, takes
 * the same writer back, and its producer is still inside the failed bundle's transaction: every
 * {@code beginTransaction} then fails ("Invalid transition attempted from state IN_TRANSACTION to
 * state IN_TRANSACTION"), and the job restarts until the cached writer has been idle for a minute,
 * which Flink's growing restart delays may never allow. Measured: {@code ./vigil bench faults
 * --only=eos-tm-kill} before this class.
 *
 * <p>This producer keeps the writer's view and Kafka's in step instead:
 *
 * <ul>
 *   <li>a transaction a failed bundle left open is aborted before the next begins (none of its
 *       records was committed, and the sink's committed sequence id is still the last commit's);
 *   <li>a commit interrupted (the task being cancelled) or timed out is retried to its end, as
 *       Kafka's {@code commitTransaction} allows, for at most {@link #COMMIT_RETRY}, so that the
 *       commit the sink recorded is the one Kafka made; the interrupt is kept for the caller;
 *   <li>a producer that cannot go on (fenced, or a commit whose outcome stayed unknown) is replaced
 *       by a new one with the same transactional id, whose {@code initTransactions} completes or
 *       aborts what the old one left.
 * </ul>
 *
 * Only a commit that neither completes nor fails within {@link #COMMIT_RETRY} leaves a doubt: if
 * Kafka completed it afterwards, the sink may write that transaction's records again (logged as an
 * error).
 */
public final class RecoveringTransactionalProducer<K, V> implements Producer<K, V> {
  private static final Logger LOG = LoggerFactory.getLogger(RecoveringTransactionalProducer.class);

  /** How long an interrupted or timed-out commit is retried. */
  static final Duration COMMIT_RETRY = Duration.ofSeconds(60);

  /** Makes the underlying producers. */
  interface Maker<K, V> {
    Producer<K, V> make();
  }

  private final Maker<K, V> maker;
  private final String name;
  private Producer<K, V> delegate;

  /** A transaction was begun and neither committed nor aborted. */
  private boolean open;

  /** The producer cannot be used again: replace it before the next transaction. */
  private boolean broken;

  RecoveringTransactionalProducer(Maker<K, V> maker, String name) {
    this.maker = maker;
    this.name = name;
    this.delegate = maker.make();
  }

  /**
   * Beam's producer factory for the exactly-once sink: this producer over a {@link KafkaProducer}.
   */
  public static final class Factory
      implements SerializableFunction<Map<String, Object>, Producer<String, String>> {
    private static final long serialVersionUID = 1L;

    @Override
    public Producer<String, String> apply(Map<String, Object> config) {
      Map<String, Object> copy = new HashMap<>(config);
      return new RecoveringTransactionalProducer<>(
          () -> new KafkaProducer<>(copy), String.valueOf(copy.get("transactional.id")));
    }
  }

  @Override
  public void initTransactions() {
    delegate.initTransactions();
    open = false;
    broken = false;
  }

  @Override
  public void beginTransaction() {
    if (open && !broken) {
      try {
        delegate.abortTransaction();
        LOG.warn("{}: aborted the transaction a failed bundle left open", name);
        open = false;
      } catch (RuntimeException e) {
        LOG.warn("{}: could not abort the transaction left open ({}); replacing it", name, e);
        broken = true;
      }
    }
    if (broken) {
      replace();
    }
    try {
      delegate.beginTransaction();
    } catch (RuntimeException e) {
      broken = true;
      throw e;
    }
    open = true;
  }

  @Override
  public void commitTransaction() {
    long deadline = System.nanoTime() + COMMIT_RETRY.toNanos();
    boolean interrupted = false;
    try {
      while (true) {
        // Any failure but these two propagates with the transaction still open: the next begin
        // aborts it (or replaces the producer when it cannot).
        try {
          delegate.commitTransaction();
          open = false;
          return;
        } catch (InterruptException | TimeoutException e) {
          if (e instanceof InterruptException) {
            interrupted = true;
            Thread.interrupted(); // Kafka set the flag again; clear it to wait for the commit
          }
          if (System.nanoTime() > deadline) {
            broken = true;
            LOG.error(
                "{}: commit still unconfirmed after {}; the producer is replaced, and if Kafka"
                    + " completed the commit, its records may be written again",
                name,
                COMMIT_RETRY,
                e);
            throw e;
          }
          LOG.warn("{}: commit {}; retrying it to its end", name, e.getClass().getSimpleName());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void abortTransaction() {
    try {
      delegate.abortTransaction();
      open = false;
    } catch (RuntimeException e) {
      broken = true;
      throw e;
    }
  }

  /** Closes the unusable producer and opens another with the same transactional id. */
  private void replace() {
    LOG.warn("{}: replacing the producer", name);
    try {
      delegate.close(Duration.ZERO);
    } catch (RuntimeException e) {
      LOG.debug("{}: closing the old producer: {}", name, e.toString());
    }
    delegate = maker.make();
    initTransactions();
  }

  @Override
  public void sendOffsetsToTransaction(
      Map<TopicPartition, OffsetAndMetadata> offsets, String consumerGroupId) {
    sendOffsetsToTransaction(offsets, new ConsumerGroupMetadata(consumerGroupId));
  }

  @Override
  public void sendOffsetsToTransaction(
      Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
    delegate.sendOffsetsToTransaction(offsets, groupMetadata);
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<K, V> record) {
    return delegate.send(record);
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
    return delegate.send(record, callback);
  }

  @Override
  public void flush() {
    delegate.flush();
  }

  @Override
  public List<PartitionInfo> partitionsFor(String topic) {
    return delegate.partitionsFor(topic);
  }

  @Override
  public Map<MetricName, ? extends Metric> metrics() {
    return delegate.metrics();
  }

  @Override
  public Uuid clientInstanceId(Duration timeout) {
    return delegate.clientInstanceId(timeout);
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public void close(Duration timeout) {
    delegate.close(timeout);
  }
}
