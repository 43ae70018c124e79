package dev.vigil.pipelines.kafka;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real single-node Cassandra for a test class through {@code scripts/cassandra.sh start}
 * on ports 19042/17000/17199 with its own work directory, and stops it by its PID afterwards.
 */
public final class CassandraServer implements BeforeAllCallback, AfterAllCallback {
  public static final String HOST = "127.0.0.1";
  public static final int PORT = 19042;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    script("start");
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    script("stop");
  }

  static void script(String command) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder("bash", KafkaServer.ROOT.resolve("scripts/cassandra.sh").toString(), command);
    pb.environment().putAll(Map.of(
        "CASSANDRA_PORT", "19042",
        "CASSANDRA_STORAGE_PORT", "17000",
        "CASSANDRA_JMX_PORT", "17199",
        "VIGIL_WORK", KafkaServer.ROOT.resolve(".work/it").toString()));
    pb.inheritIO();
    int exit = pb.start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException("scripts/cassandra.sh " + command + " exited with " + exit);
    }
  }
}
