package dev.vigil.pipelines.kafka;

import java.nio.file.Path;
import java.util.Map;

/**
 * A real single-node Cassandra that takes only TLS clients that sign in ({@code
 * PasswordAuthenticator}, {@code CassandraAuthorizer}), on 127.0.0.1:19142 (storage 17100, JMX
 * 17299; {@code scripts/cassandra.sh} with {@code CASSANDRA_SECURE=1}); the role {@code vigil}'s
 * password is {@link #CANARY}, which the tests look for where it must not be.
 */
public final class SecureCassandraServer extends ServerScript {
  public static final String HOST = "127.0.0.1";
  public static final int PORT = 19142;

  /** The {@code vigil} role's password: a canary no log, option or job graph may contain. */
  public static final String CANARY = "CanaryCql4b8e1d06a93f";

  /** The clients' settings the script writes: every secret in it is a reference. */
  public static final Path CLIENT_PROPERTIES =
      ROOT.resolve(".work/it/cassandra-secure/secure/client.properties");

  public SecureCassandraServer() {
    super(
        "cassandra",
        "cassandra-secure",
        Map.of(
            "CASSANDRA_SECURE", "1",
            "CASSANDRA_SECURE_PASSWORD", CANARY,
            "CASSANDRA_HEAP", "768m",
            "CASSANDRA_PORT", "19142",
            "CASSANDRA_STORAGE_PORT", "17100",
            "CASSANDRA_JMX_PORT", "17299"));
  }
}
