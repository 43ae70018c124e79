package dev.vigil.transforms.io.cassandra;

import com.datastax.driver.core.Cluster;
import dev.vigil.cassandra.CassandraClientSettings;
import java.io.Serializable;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where a Vigil Cassandra client connects: contact points, native port, and an optional client
 * settings file ({@link CassandraClientSettings}: credentials and TLS, secrets by reference). Only
 * the file's path travels with a job; it is read where the connection is made.
 *
 * @param hosts contact points
 * @param port native transport port
 * @param settingsFile the client settings file, or null for none (no credentials, no TLS)
 */
public record CassandraEndpoint(List<String> hosts, int port, @Nullable String settingsFile)
    implements Serializable {

  public CassandraEndpoint {
    hosts = checkHosts(hosts);
    checkPort(port);
    settingsFile = settingsFile == null || settingsFile.isBlank() ? null : settingsFile;
  }

  /** {@code hosts} as an immutable list; fails when there are none. */
  static List<String> checkHosts(List<String> hosts) {
    if (hosts == null || hosts.isEmpty()) {
      throw new IllegalArgumentException(
          "Cassandra hosts must not be empty (e.g. --cassandraHosts=127.0.0.1)");
    }
    return List.copyOf(hosts);
  }

  /** Fails when {@code port} is not a TCP port. */
  static void checkPort(int port) {
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("Cassandra port must be in 1..65535, got " + port);
    }
  }

  /** Contact points and port, no client settings. */
  public static CassandraEndpoint of(List<String> hosts, int port) {
    return new CassandraEndpoint(hosts, port, null);
  }

  /** The same address with this client settings file (null or blank: none). */
  public CassandraEndpoint withSettingsFile(@Nullable String file) {
    return new CassandraEndpoint(hosts, port, file);
  }

  /** {@code host1,host2:port}, for messages. */
  public String address() {
    return String.join(",", hosts) + ":" + port;
  }

  /** A new driver {@link Cluster} for this endpoint, its settings file read now. */
  Cluster cluster() {
    Cluster.Builder b =
        Cluster.builder()
            .addContactPoints(hosts.toArray(new String[0]))
            .withPort(port)
            .withoutJMXReporting()
            .withoutMetrics();
    return CassandraClientSettings.load(settingsFile).configure(b).build();
  }
}
