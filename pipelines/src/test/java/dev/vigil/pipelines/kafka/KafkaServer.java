package dev.vigil.pipelines.kafka;

import java.nio.file.Path;
import java.util.Map;

/** A real single-node Kafka on 127.0.0.1:19092/19093 for the tests ({@code scripts/kafka.sh}). */
public final class KafkaServer extends ServerScript {
  public static final String BOOTSTRAP = "127.0.0.1:19092";
  static final Path ROOT = ServerScript.ROOT;

  public KafkaServer() {
    super("kafka", Map.of("KAFKA_PORT", "19092", "KAFKA_CONTROLLER_PORT", "19093"));
  }
}
