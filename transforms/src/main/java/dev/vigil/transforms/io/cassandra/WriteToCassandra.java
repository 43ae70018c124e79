package dev.vigil.transforms.io.cassandra;

import dev.vigil.model.Alert;
import dev.vigil.model.CardSession;
import dev.vigil.model.DecidedTransaction;
import dev.vigil.model.MerchantWindow;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.cassandra.CassandraIO;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Writes Vigil's outputs to Cassandra with {@link CassandraIO}, one table each (schema:
 * {@code scripts/schema.cql}). Every write is an upsert on the table's primary key, so replaying
 * the same input overwrites rows instead of duplicating them, and a later (accumulating) pane of a
 * window or session replaces the earlier one.
 *
 * <pre>{@code
 * decided.apply("ScoredToCassandra",
 *     WriteToCassandra.scored().withHosts(List.of("127.0.0.1")).withPort(9042).withKeyspace("vigil"));
 * }</pre>
 */
public final class WriteToCassandra<T, R extends java.io.Serializable> extends PTransform<PCollection<T>, PDone> {
  private final Class<R> rowClass;
  private final SerializableFunction<T, R> toRow;
  private final List<String> hosts;
  private final int port;
  private final String keyspace;

  private WriteToCassandra(
      Class<R> rowClass, SerializableFunction<T, R> toRow, List<String> hosts, int port, String keyspace) {
    this.rowClass = rowClass;
    this.toRow = toRow;
    this.hosts = hosts;
    this.port = port;
    this.keyspace = keyspace;
  }

  public static WriteToCassandra<DecidedTransaction, ScoredRow> scored() {
    return new WriteToCassandra<>(ScoredRow.class, ScoredRow::of, null, 9042, "vigil");
  }

  public static WriteToCassandra<Alert, AlertRow> alerts() {
    return new WriteToCassandra<>(AlertRow.class, AlertRow::of, null, 9042, "vigil");
  }

  public static WriteToCassandra<MerchantWindow, MerchantWindowRow> merchantWindows() {
    return new WriteToCassandra<>(MerchantWindowRow.class, MerchantWindowRow::of, null, 9042, "vigil");
  }

  public static WriteToCassandra<CardSession, CardSessionRow> cardSessions() {
    return new WriteToCassandra<>(CardSessionRow.class, CardSessionRow::of, null, 9042, "vigil");
  }

  public WriteToCassandra<T, R> withHosts(List<String> hosts) {
    if (hosts == null || hosts.isEmpty()) {
      throw new IllegalArgumentException("Cassandra hosts must not be empty (e.g. --cassandraHosts=127.0.0.1)");
    }
    return new WriteToCassandra<>(rowClass, toRow, List.copyOf(hosts), port, keyspace);
  }

  public WriteToCassandra<T, R> withPort(int port) {
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("Cassandra port must be in 1..65535, got " + port);
    }
    return new WriteToCassandra<>(rowClass, toRow, hosts, port, keyspace);
  }

  public WriteToCassandra<T, R> withKeyspace(String keyspace) {
    if (keyspace == null || !keyspace.matches("[A-Za-z][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("invalid Cassandra keyspace name: " + keyspace);
    }
    return new WriteToCassandra<>(rowClass, toRow, hosts, port, keyspace);
  }

  @Override
  public PDone expand(PCollection<T> input) {
    if (hosts == null) {
      throw new IllegalStateException("WriteToCassandra: call withHosts(...) first");
    }
    return input
        .apply("ToRows", MapElements.into(TypeDescriptor.of(rowClass)).via(toRow))
        .setCoder(SerializableCoder.of(rowClass))
        .apply("Upsert", CassandraIO.<R>write().withHosts(hosts).withPort(port).withKeyspace(keyspace).withEntity(rowClass));
  }
}
