package dev.vigil.pipelines;

import dev.vigil.transforms.io.cassandra.WriteToCassandra;
import java.util.Arrays;
import java.util.List;

/** Turns {@link OutputOptions} into Vigil's Cassandra writers. */
public final class CassandraSettings {
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

  /** {@code write} pointed at the configured hosts, port and keyspace. */
  static <T> WriteToCassandra<T, ?> configure(WriteToCassandra<T, ?> write, OutputOptions o) {
    return write
        .withHosts(hosts(o))
        .withPort(o.getCassandraPort())
        .withKeyspace(o.getCassandraKeyspace());
  }
}
