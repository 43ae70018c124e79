package dev.vigil.pipelines.cassandra;

import dev.vigil.transforms.io.cassandra.CassandraSchema;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ApplySchema [hosts] [port] [keyspace] [schema.cql]}: creates Vigil's keyspace and tables.
 */
public final class ApplySchema {
  private ApplySchema() {}

  public static void main(String[] args) throws Exception {
    String hosts = args.length > 0 ? args[0] : "127.0.0.1";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 9042;
    String keyspace = args.length > 2 ? args[2] : "vigil";
    Path cql = Path.of(args.length > 3 ? args[3] : "scripts/schema.cql");
    CassandraSchema.apply(List.of(hosts.split(",")), port, keyspace, cql);
    System.err.println("[cassandra] schema applied: keyspace " + keyspace + " (" + cql + ")");
  }
}
