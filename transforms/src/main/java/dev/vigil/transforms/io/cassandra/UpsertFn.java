package dev.vigil.transforms.io.cassandra;

import com.datastax.driver.core.BatchStatement;
import com.datastax.driver.core.ResultSetFuture;
import com.datastax.driver.core.Session;
import com.datastax.driver.core.Statement;
import com.datastax.driver.mapping.Mapper;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Upserts rows with the mapper's prepared statement, asynchronously: up to {@code maxInFlight}
 * writes per instance are outstanding at once (a sliding window, not batches waited for in turn),
 * failed writes are retried by {@link WriteRetry}, and a bundle finishes only when all its writes
 * are acknowledged, so a checkpoint never covers an unwritten row. A write that still fails fails
 * the bundle, and the runner retries it. The session is the JVM's shared one ({@link
 * SharedSessions}).
 *
 * <p>A table whose partition holds one row (no clustering column) is written a row at a time, as
 * each arrives. A table with clustering columns (windows and sessions: many rows per merchant or
 * card) is held for the bundle ({@link PartitionBatches}, sent early past {@link #FLUSH_ROWS}):
 * panes of one row coalesce to the latest, and each partition's rows go as one unlogged batch,
 * which Cassandra applies as one mutation.
 *
 * <p>Metrics (namespace {@code vigil.cassandra}): {@code rows_written_<table>}, {@code
 * rows_coalesced_<table>} (panes replaced by a later pane of the same row in the same bundle),
 * {@code write_retries_<table>}.
 */
final class UpsertFn<R> extends DoFn<R, Void> {
  private static final long serialVersionUID = 1L;

  /** Rows of a clustered table held before they are sent without waiting for the bundle's end. */
  static final int FLUSH_ROWS = 1_000;

  /** Rows of one partition in one unlogged batch, at most. */
  static final int MAX_BATCH_ROWS = 100;

  private final Class<R> rowClass;
  private final @Nullable SerializableFunction<R, Long> paneOrder;
  private final long jobStartMicros;
  private final CassandraEndpoint endpoint;
  private final String keyspace;
  private final int maxInFlight;
  private final WriteRetry retry;
  private final Counter written;
  private final Counter retried;
  private final Counter coalesced;

  private transient SharedSessions.@Nullable Handle handle;
  private transient @Nullable Mapper<R> mapper;
  private transient @Nullable Semaphore permits;
  private transient @Nullable AtomicReference<Throwable> failure;
  private transient @Nullable AtomicLong writtenSince;
  private transient @Nullable AtomicLong retriedSince;
  private transient @Nullable PartitionBatches<R> held;

  UpsertFn(
      Class<R> rowClass,
      @Nullable SerializableFunction<R, Long> paneOrder,
      long jobStartMicros,
      CassandraEndpoint endpoint,
      String keyspace,
      int maxInFlight,
      WriteRetry retry,
      String table) {
    this.rowClass = rowClass;
    this.paneOrder = paneOrder;
    this.jobStartMicros = jobStartMicros;
    this.endpoint = endpoint;
    this.keyspace = keyspace;
    this.maxInFlight = maxInFlight;
    this.retry = retry;
    this.written = Metrics.counter("vigil.cassandra", "rows_written_" + table);
    this.retried = Metrics.counter("vigil.cassandra", "write_retries_" + table);
    this.coalesced = Metrics.counter("vigil.cassandra", "rows_coalesced_" + table);
  }

  /**
   * The write time of a pane-ordered row: the job's start plus the row's pane order. Accumulating
   * panes of one window upsert the same row, and Cassandra keeps the write with the highest write
   * time; two panes can be written by different bundles at once (the DirectRunner runs bundles of a
   * step in parallel), so the write time follows the pane (its transaction count grows from pane to
   * pane), not the moment it was sent. A later run starts later, so its rows replace an earlier
   * run's as long as the runs are further apart in microseconds than their counts differ.
   */
  long writeTimeMicros(R row) {
    return jobStartMicros + (paneOrder == null ? 0 : paneOrder.apply(row));
  }

  @Setup
  public void setup() {
    handle = SharedSessions.acquire(endpoint, keyspace);
    mapper = handle.mappingManager().mapper(rowClass);
    permits = new Semaphore(maxInFlight);
    failure = new AtomicReference<>();
    writtenSince = new AtomicLong();
    retriedSince = new AtomicLong();
    RowKeys<R> keys = RowKeys.of(rowClass);
    held = keys.clustered() ? new PartitionBatches<>(keys, paneOrder, MAX_BATCH_ROWS) : null;
  }

  @ProcessElement
  public void processElement(@Element R row) throws InterruptedException {
    throwIfFailed();
    if (held == null) {
      write(statement(row), 1);
      return;
    }
    held.add(row);
    if (held.size() >= FLUSH_ROWS) {
      flushHeld();
    }
  }

  private Statement statement(R row) {
    return paneOrder == null
        ? mapper.saveQuery(row)
        : mapper.saveQuery(row, Mapper.Option.timestamp(writeTimeMicros(row)));
  }

  /** Sends every held row, a statement or an unlogged batch per partition. */
  private void flushHeld() throws InterruptedException {
    for (List<R> group : held.drain()) {
      if (group.size() == 1) {
        write(statement(group.get(0)), 1);
        continue;
      }
      BatchStatement batch = new BatchStatement(BatchStatement.Type.UNLOGGED);
      for (R row : group) {
        batch.add(statement(row));
      }
      write(batch, group.size());
    }
  }

  private void write(Statement statement, int rows) throws InterruptedException {
    permits.acquire();
    send(handle.session(), statement, rows, 0, System.nanoTime());
  }

  /**
   * Sends one write of {@code rows} rows; the permit it holds is released when it succeeds or
   * finally fails.
   */
  private void send(
      Session session, Statement statement, int rows, int attempt, long firstSentNanos) {
    ResultSetFuture future;
    try {
      future = session.executeAsync(statement);
    } catch (RuntimeException e) {
      done(session, statement, rows, attempt, firstSentNanos, e);
      return;
    }
    future.addListener(
        () -> {
          Throwable error = null;
          try {
            future.getUninterruptibly();
          } catch (RuntimeException e) {
            error = e;
          }
          done(session, statement, rows, attempt, firstSentNanos, error);
        },
        Runnable::run);
  }

  private void done(
      Session session,
      Statement statement,
      int rows,
      int attempt,
      long firstSentNanos,
      @Nullable Throwable error) {
    if (error == null) {
      writtenSince.addAndGet(rows);
      permits.release();
      return;
    }
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - firstSentNanos);
    if (failure.get() == null && retry.again(error, attempt, elapsed)) {
      retriedSince.incrementAndGet();
      SharedSessions.TIMER.schedule(
          () -> send(session, statement, rows, attempt + 1, firstSentNanos),
          WriteRetry.delayMillis(attempt),
          TimeUnit.MILLISECONDS);
      return;
    }
    failure.compareAndSet(
        null,
        new IllegalStateException(
            "Cassandra write to "
                + keyspace
                + " failed after "
                + (attempt + 1)
                + " attempt(s) over "
                + elapsed
                + " ms: "
                + error,
            error));
    permits.release();
  }

  @FinishBundle
  public void finishBundle() throws InterruptedException {
    if (held != null) {
      flushHeld();
      coalesced.inc(held.takeCoalesced());
    }
    awaitInFlight();
    written.inc(writtenSince.getAndSet(0));
    retried.inc(retriedSince.getAndSet(0));
    throwIfFailed();
  }

  private void awaitInFlight() throws InterruptedException {
    permits.acquire(maxInFlight);
    permits.release(maxInFlight);
  }

  private void throwIfFailed() {
    Throwable t = failure.getAndSet(null);
    if (t != null) {
      throw new IllegalStateException(t.getMessage(), t);
    }
  }

  @Teardown
  public void teardown() throws InterruptedException {
    if (handle != null) {
      if (permits != null) {
        awaitInFlight();
      }
      handle.release();
      handle = null;
    }
  }
}
