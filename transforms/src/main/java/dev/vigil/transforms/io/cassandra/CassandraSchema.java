package dev.vigil.transforms.io.cassandra;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.ResultSet;
import com.datastax.driver.core.Session;
import com.datastax.driver.core.SimpleStatement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Applies {@code scripts/schema.cql} (with its keyspace substituted) and runs small queries. */
public final class CassandraSchema {
  private CassandraSchema() {}

  static Cluster cluster(List<String> hosts, int port) {
    return Cluster.builder()
        .addContactPoints(hosts.toArray(new String[0]))
        .withPort(port)
        .withoutJMXReporting()
        .withoutMetrics()
        .build();
  }

  /** Executes every statement of {@code cql}, replacing ${keyspace} with {@code keyspace}. */
  public static void apply(List<String> hosts, int port, String keyspace, Path cql)
      throws IOException {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(cql)) {
      if (line.trim().startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (line.trim().endsWith(";")) {
        statements.add(current.toString().replace("${keyspace}", keyspace));
        current.setLength(0);
      }
    }
    try (Cluster cluster = cluster(hosts, port);
        Session session = cluster.connect()) {
      for (String s : statements) {
        session.execute(s);
      }
    }
  }

  /** Runs one query and returns its rows as lists of column values (for tests and tools). */
  public static List<List<Object>> query(List<String> hosts, int port, String cql) {
    List<List<Object>> out = new ArrayList<>();
    try (Cluster cluster = cluster(hosts, port);
        Session session = cluster.connect()) {
      ResultSet rs = session.execute(cql);
      rs.forEach(
          row -> {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < row.getColumnDefinitions().size(); i++) {
              values.add(row.getObject(i));
            }
            out.add(values);
          });
    }
    return out;
  }

  /**
   * The rows of {@code keyspace.table}, counted by reading its partition tokens page by page (a
   * {@code COUNT(*)} over a large table times out on a small node).
   */
  public static long countRows(
      List<String> hosts, int port, String keyspace, String table, String partitionKey) {
    long n = 0;
    try (Cluster cluster = cluster(hosts, port);
        Session session = cluster.connect()) {
      SimpleStatement select =
          new SimpleStatement("SELECT token(" + partitionKey + ") FROM " + keyspace + "." + table);
      select.setFetchSize(5_000);
      select.setReadTimeoutMillis(60_000);
      for (com.datastax.driver.core.Row ignored : session.execute(select)) {
        n++;
      }
    }
    return n;
  }
}
