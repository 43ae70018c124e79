package dev.vigil.transforms.io.cassandra;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.ResultSet;
import com.datastax.driver.core.Session;
import com.datastax.driver.core.SimpleStatement;
import com.datastax.driver.core.exceptions.AuthenticationException;
import com.datastax.driver.core.exceptions.InvalidQueryException;
import com.datastax.driver.core.exceptions.NoHostAvailableException;
import com.datastax.driver.core.exceptions.UnauthorizedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Applies {@code scripts/schema.cql} (with its keyspace substituted) and runs small queries. */
public final class CassandraSchema {
  private CassandraSchema() {}

  /** Executes every statement of {@code cql}, replacing ${keyspace} with {@code keyspace}. */
  public static void apply(List<String> hosts, int port, String keyspace, Path cql)
      throws IOException {
    apply(CassandraEndpoint.of(hosts, port), keyspace, cql);
  }

  /** As {@link #apply(List, int, String, Path)}, at an endpoint with its client settings. */
  public static void apply(CassandraEndpoint endpoint, String keyspace, Path cql)
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
    try (Cluster cluster = endpoint.cluster();
        Session session = cluster.connect()) {
      for (String s : statements) {
        session.execute(s);
      }
    }
  }

  /** Runs one query and returns its rows as lists of column values (for tests and tools). */
  public static List<List<Object>> query(List<String> hosts, int port, String cql) {
    return query(CassandraEndpoint.of(hosts, port), cql);
  }

  /** As {@link #query(List, int, String)}, at an endpoint with its client settings. */
  public static List<List<Object>> query(CassandraEndpoint endpoint, String cql) {
    List<List<Object>> out = new ArrayList<>();
    try (Cluster cluster = endpoint.cluster();
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
    try (Cluster cluster = CassandraEndpoint.of(hosts, port).cluster();
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

  /**
   * Connects to {@code endpoint} and opens {@code keyspace}, or fails with what to fix: refused
   * credentials, a failed TLS handshake, a missing keyspace, or no answer. Jobs call it before they
   * start, so a wrong setting fails there rather than in every worker.
   */
  public static void checkConnection(CassandraEndpoint endpoint, String keyspace) {
    try (Cluster cluster = endpoint.cluster();
        Session session = cluster.connect(keyspace)) {
      session.execute("SELECT release_version FROM system.local");
    } catch (RuntimeException e) {
      throw new IllegalStateException(connectionFailure(endpoint, keyspace, e), e);
    }
  }

  /** What to fix when connecting to {@code endpoint} failed with {@code e}; names no secret. */
  static String connectionFailure(CassandraEndpoint endpoint, String keyspace, Throwable e) {
    String where = "Cassandra at " + endpoint.address();
    String settings =
        endpoint.settingsFile() == null
            ? "--cassandraPropertiesFile (none given)"
            : "--cassandraPropertiesFile=" + endpoint.settingsFile();
    if (e instanceof IllegalArgumentException) { // the settings file itself
      return e.getMessage();
    }
    if (e instanceof AuthenticationException a) {
      return where
          + " refused the credentials ("
          + a.getMessage()
          + "): check the username and password that "
          + settings
          + " gives (or the secrets file it references)";
    }
    if (e instanceof InvalidQueryException && String.valueOf(e.getMessage()).contains("eyspace")) {
      return where
          + " has no keyspace "
          + keyspace
          + " ("
          + e.getMessage()
          + "): apply scripts/schema.cql to it (./vigil up does)";
    }
    if (e instanceof UnauthorizedException) {
      return where
          + " refused the user access to keyspace "
          + keyspace
          + " ("
          + e.getMessage()
          + "): grant it permissions on the keyspace";
    }
    if (e instanceof NoHostAvailableException n) {
      for (Throwable cause : n.getErrors().values()) {
        if (cause instanceof AuthenticationException) {
          return connectionFailure(endpoint, keyspace, cause);
        }
        for (Throwable t = cause; t != null && t.getCause() != t; t = t.getCause()) {
          if (t instanceof javax.net.ssl.SSLException) {
            return "the TLS handshake with "
                + where
                + " failed ("
                + t.getMessage()
                + "): check ssl.truststore.location and its password in "
                + settings
                + ", and that the node's certificate names the host you connect to";
          }
        }
      }
      return "no answer from "
          + where
          + " ("
          + e.getMessage()
          + "): is it running (./vigil up), and does "
          + settings
          + " match it (ssl.enabled=true and credentials for ./vigil up --secure)?";
    }
    return "cannot connect to "
        + where
        + " (keyspace "
        + keyspace
        + "): "
        + e
        + ". Is it running, and was scripts/schema.cql applied (./vigil up does both)?";
  }
}
