package dev.vigil.pipelines.cassandra;

import dev.vigil.transforms.io.cassandra.CassandraEndpoint;
import dev.vigil.transforms.io.cassandra.CassandraSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ApplySchema [--properties=FILE] [hosts] [port] [keyspace] [schema.cql]}: creates Vigil's
 * keyspace and tables; {@code --properties} is a Cassandra client settings file (credentials and
 * TLS, as {@code --cassandraPropertiesFile}).
 */
public final class ApplySchema {
  private ApplySchema() {}

  public static void main(String[] argv) throws Exception {
    List<String> args = new ArrayList<>(List.of(argv));
    String settings = null;
    if (!args.isEmpty() && args.get(0).startsWith("--properties=")) {
      settings = args.remove(0).substring("--properties=".length());
    }
    String hosts = args.size() > 0 ? args.get(0) : "127.0.0.1";
    int port = args.size() > 1 ? Integer.parseInt(args.get(1)) : 9042;
    String keyspace = args.size() > 2 ? args.get(2) : "vigil";
    Path cql = Path.of(args.size() > 3 ? args.get(3) : "scripts/schema.cql");
    CassandraSchema.apply(
        new CassandraEndpoint(List.of(hosts.split(",")), port, settings), keyspace, cql);
    System.err.println("[cassandra] schema applied: keyspace " + keyspace + " (" + cql + ")");
  }
}
