package dev.vigil.pipelines;

import dev.vigil.cassandra.CassandraClientSettings;
import dev.vigil.transforms.io.cassandra.CassandraEndpoint;
import dev.vigil.transforms.io.cassandra.CassandraSchema;
import dev.vigil.transforms.io.cassandra.WriteToCassandra;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns {@link OutputOptions} into Vigil's Cassandra writers. */
public final class CassandraSettings {
  private static final Logger LOG = LoggerFactory.getLogger(CassandraSettings.class);

  private CassandraSettings() {}

  /** {@code --cassandraHosts} as a list; empty when Cassandra is not written. */
  static List<String> hosts(OutputOptions o) {
    return hosts(o.getCassandraHosts());
  }

  /** A comma-separated {@code --cassandraHosts} value as a list; empty when blank or null. */
  public static List<String> hosts(String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      return List.of();
    }
    return Arrays.stream(commaSeparated.split(","))
        .map(String::trim)
        .filter(h -> !h.isEmpty())
        .toList();
  }

  /** {@code write} pointed at the configured hosts, port, client settings and keyspace. */
  static <T> WriteToCassandra<T, ?> configure(WriteToCassandra<T, ?> write, OutputOptions o) {
    return write
        .withHosts(hosts(o))
        .withPort(o.getCassandraPort())
        .withClientSettingsFile(o.getCassandraPropertiesFile())
        .withKeyspace(o.getCassandraKeyspace());
  }

  /** The configured endpoint (hosts, port, client settings); Cassandra must be configured. */
  public static CassandraEndpoint endpoint(OutputOptions o) {
    return new CassandraEndpoint(hosts(o), o.getCassandraPort(), o.getCassandraPropertiesFile());
  }

  /**
   * Before a job that writes Cassandra starts: reads the client settings (warning about secrets in
   * plain text), connects and opens the keyspace, or fails with what to fix.
   */
  public static void checkConnection(OutputOptions o) {
    List<String> plain =
        CassandraClientSettings.load(o.getCassandraPropertiesFile()).plainSecrets();
    if (!plain.isEmpty()) {
      LOG.warn(
          "--cassandraPropertiesFile={} holds {} in plain text: reference it instead, e.g."
              + " ${{file:/path/secrets.properties:key}} (docs/security.md)",
          o.getCassandraPropertiesFile(),
          plain);
    }
    CassandraSchema.checkConnection(endpoint(o), o.getCassandraKeyspace());
  }
}
