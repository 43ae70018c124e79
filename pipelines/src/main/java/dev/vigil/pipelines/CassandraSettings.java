package dev.vigil.pipelines;

import dev.vigil.transforms.io.cassandra.WriteToCassandra;
import java.util.Arrays;
import java.util.List;

/** Turns {@link OutputOptions} into Vigil's Cassandra writers. */
final class CassandraSettings {
  private CassandraSettings() {}

  /** {@code --cassandraHosts} as a list; empty when Cassandra is not written. */
  static List<String> hosts(OutputOptions o) {
    if (o.getCassandraHosts() == null || o.getCassandraHosts().isBlank()) {
      return List.of();
    }
    return Arrays.stream(o.getCassandraHosts().split(","))
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
