package dev.vigil.pipelines.kafka;

import java.nio.file.Path;
import java.util.Map;

/**
 * A real single-node Kafka whose only client listener is SASL_SSL (SCRAM-SHA-512 over TLS), on
 * 127.0.0.1:19096/19097 ({@code scripts/kafka.sh} with {@code KAFKA_SECURE=1}); the user {@code
 * vigil}'s password is {@link #CANARY}, which the tests look for where it must not be.
 */
public final class SecureKafkaServer extends ServerScript {
  public static final String BOOTSTRAP = "127.0.0.1:19096";

  /** The {@code vigil} user's password: a canary no log, option or job graph may contain. */
  public static final String CANARY = "CanaryPw7f3a9c2e51d8";

  /** The clients' settings the script writes: every secret in it is a reference. */
  public static final Path CLIENT_PROPERTIES =
      ROOT.resolve(".work/it/kafka-secure/secure/client.properties");

  public SecureKafkaServer() {
    super(
        "kafka",
        "kafka-secure",
        Map.of(
            "KAFKA_SECURE", "1",
            "KAFKA_SECURE_PASSWORD", CANARY,
            "KAFKA_PORT", "19096",
            "KAFKA_CONTROLLER_PORT", "19097"));
  }
}
