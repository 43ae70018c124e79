package dev.vigil.transforms.io.cassandra;

import com.datastax.driver.mapping.annotations.Table;
import com.google.auto.value.AutoValue;
import dev.vigil.cassandra.CassandraClientSettings;
import dev.vigil.model.Alert;
import dev.vigil.model.CardSession;
import dev.vigil.model.DecidedTransaction;
import dev.vigil.model.MerchantWindow;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Writes Vigil's outputs to Cassandra, one table each (schema: {@code scripts/schema.cql}), through
 * one session per JVM shared by every table and instance, with asynchronous prepared upserts (up to
 * {@link #withMaxConcurrentWrites} outstanding per instance) and retries with backoff while the
 * cluster is unavailable ({@link #withRetryFor}); a bundle completes only when its rows are
 * written. Every write is an upsert on the table's primary key, so replaying the same input
 * overwrites rows instead of duplicating them, and a later (accumulating) pane of a window or
 * session replaces the earlier one, even when the two are written at once by parallel bundles (each
 * pane's write time is explicit and grows with the pane's transaction count).
 *
 * <pre>{@code
 * decided.apply("ScoredToCassandra",
 *     WriteToCassandra.scored().withHosts(List.of("127.0.0.1")).withPort(9042).withKeyspace("vigil"));
 * }</pre>
 */
@AutoValue
public abstract class WriteToCassandra<T, R extends Serializable>
    extends PTransform<PCollection<T>, PDone> {
  abstract Class<R> rowClass();

  abstract SerializableFunction<T, R> toRow();

  /** Outstanding asynchronous writes per instance, by default. */
  public static final int DEFAULT_MAX_CONCURRENT_WRITES = 256;

  /** How long a write is retried while Cassandra is unavailable, by default. */
  public static final Duration DEFAULT_RETRY_FOR = Duration.ofMinutes(2);

  /** For tables written pane by pane: grows from one pane of a window to the next. */
  abstract @Nullable SerializableFunction<R, Long> paneOrder();

  abstract @Nullable List<String> hosts();

  abstract int port();

  abstract @Nullable String clientSettingsFile();

  abstract String keyspace();

  abstract int maxConcurrentWrites();

  abstract Duration retryFor();

  abstract Builder<T, R> toBuilder();

  @AutoValue.Builder
  abstract static class Builder<T, R extends Serializable> {
    abstract Builder<T, R> setRowClass(Class<R> rowClass);

    abstract Builder<T, R> setToRow(SerializableFunction<T, R> toRow);

    abstract Builder<T, R> setPaneOrder(SerializableFunction<R, Long> paneOrder);

    abstract Builder<T, R> setHosts(List<String> hosts);

    abstract Builder<T, R> setPort(int port);

    abstract Builder<T, R> setClientSettingsFile(@Nullable String file);

    abstract Builder<T, R> setKeyspace(String keyspace);

    abstract Builder<T, R> setMaxConcurrentWrites(int writes);

    abstract Builder<T, R> setRetryFor(Duration retryFor);

    abstract WriteToCassandra<T, R> build();
  }

  /**
   * Records of any kind into the table that {@code rowClass} maps (a DataStax mapper entity:
   * {@code @Table}, {@code @PartitionKey}, {@code @Column}), converted by {@code toRow}.
   */
  public static <T, R extends Serializable> WriteToCassandra<T, R> of(
      Class<R> rowClass, SerializableFunction<T, R> toRow) {
    return table(rowClass, toRow);
  }

  /**
   * For rows written pane by pane (accumulating panes of one window upsert one row): {@code order}
   * must grow from one pane of a window to the next, e.g. its element count. The write time becomes
   * the job's start plus it, so the later pane wins whatever order the writes land in.
   */
  public WriteToCassandra<T, R> withPaneOrder(SerializableFunction<R, Long> order) {
    return toBuilder().setPaneOrder(order).build();
  }

  private static <T, R extends Serializable> WriteToCassandra<T, R> table(
      Class<R> rowClass, SerializableFunction<T, R> toRow) {
    return new AutoValue_WriteToCassandra.Builder<T, R>()
        .setRowClass(rowClass)
        .setToRow(toRow)
        .setPort(9042)
        .setKeyspace("vigil")
        .setMaxConcurrentWrites(DEFAULT_MAX_CONCURRENT_WRITES)
        .setRetryFor(DEFAULT_RETRY_FOR)
        .build();
  }

  /** Decided transactions into {@code scored_transactions}. */
  public static WriteToCassandra<DecidedTransaction, ScoredRow> scored() {
    return table(ScoredRow.class, ScoredRow::of);
  }

  /** Alerts into {@code alerts}. */
  public static WriteToCassandra<Alert, AlertRow> alerts() {
    return table(AlertRow.class, AlertRow::of);
  }

  /** Merchant-window panes into {@code merchant_windows}. */
  public static WriteToCassandra<MerchantWindow, MerchantWindowRow> merchantWindows() {
    return table(MerchantWindowRow.class, MerchantWindowRow::of).toBuilder()
        .setPaneOrder(MerchantWindowRow::getTxnCount)
        .build();
  }

  /** Card-session panes into {@code card_sessions}. */
  public static WriteToCassandra<CardSession, CardSessionRow> cardSessions() {
    return table(CardSessionRow.class, CardSessionRow::of).toBuilder()
        .setPaneOrder(CardSessionRow::getTxnCount)
        .build();
  }

  /** Contact points (required). */
  public WriteToCassandra<T, R> withHosts(List<String> hosts) {
    return toBuilder().setHosts(CassandraEndpoint.checkHosts(hosts)).build();
  }

  /** Native transport port (default 9042). */
  public WriteToCassandra<T, R> withPort(int port) {
    CassandraEndpoint.checkPort(port);
    return toBuilder().setPort(port).build();
  }

  /**
   * A client settings file: credentials and TLS, secrets as {@code ${file:PATH:KEY}} references
   * ({@link CassandraClientSettings}). Only its path is in the job; each worker reads it when it
   * connects, so it must be readable there. Default: none.
   */
  public WriteToCassandra<T, R> withClientSettingsFile(@Nullable String file) {
    return toBuilder().setClientSettingsFile(file == null || file.isBlank() ? null : file).build();
  }

  /** Keyspace (default {@code vigil}). */
  public WriteToCassandra<T, R> withKeyspace(String keyspace) {
    if (keyspace == null || !keyspace.matches("[A-Za-z][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("invalid Cassandra keyspace name: " + keyspace);
    }
    return toBuilder().setKeyspace(keyspace).build();
  }

  /** Writes sent and not yet acknowledged, at most, per parallel instance (default 256). */
  public WriteToCassandra<T, R> withMaxConcurrentWrites(int writes) {
    if (writes < 1) {
      throw new IllegalArgumentException(
          "max concurrent Cassandra writes must be >= 1, got " + writes);
    }
    return toBuilder().setMaxConcurrentWrites(writes).build();
  }

  /**
   * How long a write that failed on the cluster's state (timeout, unavailable, no host) is sent
   * again, with backoff, before the bundle fails (default 2 minutes; zero: never).
   */
  public WriteToCassandra<T, R> withRetryFor(Duration retryFor) {
    return toBuilder().setRetryFor(retryFor).build();
  }

  @Override
  public PDone expand(PCollection<T> input) {
    if (hosts() == null) {
      throw new IllegalStateException("WriteToCassandra: call withHosts(...) first");
    }
    Table table = rowClass().getAnnotation(Table.class);
    input
        .apply("ToRows", MapElements.into(TypeDescriptor.of(rowClass())).via(toRow()))
        .setCoder(SerializableCoder.of(rowClass()))
        .apply(
            "Upsert",
            ParDo.of(
                new UpsertFn<>(
                    rowClass(),
                    paneOrder(),
                    // Panes of one window written by parallel bundles: the later pane must win.
                    System.currentTimeMillis() * 1000L,
                    new CassandraEndpoint(hosts(), port(), clientSettingsFile()),
                    keyspace(),
                    maxConcurrentWrites(),
                    new WriteRetry(retryFor()),
                    table == null ? rowClass().getSimpleName() : table.name())));
    return PDone.in(input.getPipeline());
  }
}
