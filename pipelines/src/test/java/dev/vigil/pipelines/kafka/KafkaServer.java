package dev.vigil.pipelines.kafka;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real single-node Kafka for a test class through the project's own script ({@code
 * scripts/kafka.sh start}) on ports 19092/19093 with its own work directory, and stops it (by the
 * PID the script recorded) after the class.
 */
public final class KafkaServer implements BeforeAllCallback, AfterAllCallback {
  public static final String BOOTSTRAP = "127.0.0.1:19092";
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    script("start");
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    script("stop");
  }

  static void script(String command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("scripts/kafka.sh").toString(), command);
    pb.environment().putAll(Map.of(
        "KAFKA_PORT", "19092",
        "KAFKA_CONTROLLER_PORT", "19093",
        "VIGIL_WORK", ROOT.resolve(".work/it").toString()));
    pb.inheritIO();
    int exit = pb.start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException("scripts/kafka.sh " + command + " exited with " + exit);
    }
  }
}
