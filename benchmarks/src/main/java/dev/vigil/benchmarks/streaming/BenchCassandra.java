package dev.vigil.benchmarks.streaming;

import dev.vigil.transforms.io.cassandra.CassandraSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's own single-node Cassandra for the shipped-configuration runs (started and stopped
 * by PID through {@code scripts/cassandra.sh}, on port 29042 with its data under {@code
 * .work/bench}); each run writes to a keyspace of its own.
 */
public final class BenchCassandra implements AutoCloseable {
  public static final String HOST = "127.0.0.1";
  public static final int PORT = 29042;
  private static final Map<String, String> ENV =
      Map.of(
          "CASSANDRA_PORT",
          String.valueOf(PORT),
          "CASSANDRA_STORAGE_PORT",
          "29000",
          "CASSANDRA_JMX_PORT",
          "29199");

  /** A table Vigil writes and the column its rows are partitioned by. */
  public record Table(String name, String partitionKey) {}

  public static final List<Table> TABLES =
      List.of(
          new Table("scored_transactions", "transaction_id"),
          new Table("alerts", "alert_id"),
          new Table("merchant_windows", "merchant_id"),
          new Table("card_sessions", "card_id"));

  private final Path root;

  private BenchCassandra(Path root) {
    this.root = root;
  }

  /** Starts the benchmark's Cassandra on empty storage. */
  public static BenchCassandra start(Path root) throws IOException, InterruptedException {
    BenchKafka.runScript(root, "cassandra.sh", ENV, "stop"); // left running by an interrupted run
    BenchKafka.deleteTree(root.resolve(".work/bench/cassandra/data"));
    BenchKafka.deleteTree(root.resolve(".work/bench/cassandra/commitlog"));
    BenchCassandra cassandra = new BenchCassandra(root);
    BenchKafka.runScript(root, "cassandra.sh", ENV, "start");
    return cassandra;
  }

  /** Creates {@code keyspace} with Vigil's tables ({@code scripts/schema.cql}). */
  public void createKeyspace(String keyspace) throws IOException {
    CassandraSchema.apply(List.of(HOST), PORT, keyspace, root.resolve("scripts/schema.cql"));
  }

  public long rows(String keyspace, Table table) {
    return CassandraSchema.countRows(
        List.of(HOST), PORT, keyspace, table.name(), table.partitionKey());
  }

  /** The node's PID file (written by {@code scripts/cassandra.sh}). */
  public Path pidFile() {
    return root.resolve(".work/bench/cassandra/cassandra.pid");
  }

  /** Stops the node cleanly, keeping its data. */
  public void stop() throws IOException, InterruptedException {
    BenchKafka.runScript(root, "cassandra.sh", ENV, "stop");
  }

  /** Starts the node again on its existing data. */
  public void startAgain() throws IOException, InterruptedException {
    BenchKafka.runScript(root, "cassandra.sh", ENV, "start");
  }

  @Override
  public void close() throws IOException, InterruptedException {
    BenchKafka.runScript(root, "cassandra.sh", ENV, "stop");
  }
}
