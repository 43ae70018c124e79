package dev.vigil.pipelines.kafka;

import java.util.Map;

/**
 * A real single-node Cassandra on 127.0.0.1:19042 (storage 17000, JMX 17199) for the tests ({@code
 * scripts/cassandra.sh}).
 */
public final class CassandraServer extends ServerScript {
  public static final String HOST = "127.0.0.1";
  public static final int PORT = 19042;

  public CassandraServer() {
    super(
        "cassandra",
        Map.of(
            "CASSANDRA_PORT",
            "19042",
            "CASSANDRA_STORAGE_PORT",
            "17000",
            "CASSANDRA_JMX_PORT",
            "17199"));
  }
}
