package dev.vigil.pipelines.kafka;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server for a test class, started before it and stopped (by the PID the script recorded)
 * after it through the project's own script, {@code scripts/<name>.sh start|stop}, with the test
 * servers' ports and work directory.
 */
public abstract class ServerScript implements BeforeAllCallback, AfterAllCallback {
  public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private final String name;
  private final Map<String, String> ports;

  protected ServerScript(String name, Map<String, String> ports) {
    this.name = name;
    this.ports = ports;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    run("start");
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    run("stop");
  }

  private void run(String command) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder("bash", ROOT.resolve("scripts/" + name + ".sh").toString(), command);
    pb.environment().putAll(ports);
    pb.environment().put("VIGIL_WORK", ROOT.resolve(".work/it").toString());
    pb.inheritIO();
    int exit = pb.start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException(
          "scripts/" + name + ".sh " + command + " exited with " + exit);
    }
  }
}
