package dev.vigil.pipelines.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server for the test classes that name it, started through the project's own script, {@code
 * scripts/<name>.sh start|stop}, with the test servers' ports and work directory: once per test
 * JVM, before the first class that needs it, and stopped (by the PID the script recorded) when the
 * test run in that JVM ends. Classes share it: each uses its own topics, groups and keyspaces. A
 * server already running in that work directory ({@code scripts/<name>.sh status}: {@code
 * scripts/test-servers.sh}, which {@code ./vigil test} runs so that the modules' test JVMs share
 * one Kafka and one Cassandra) is used and left running: the extension stops only what it started.
 * (Started and stopped per class, the servers cost about two minutes of every suite run.)
 */
public abstract class ServerScript implements BeforeAllCallback {
  public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private final String name;
  private final String key;
  private final Map<String, String> ports;

  protected ServerScript(String name, Map<String, String> ports) {
    this(name, name, ports);
  }

  /** A server of script {@code name} told apart from the script's others by {@code key}. */
  protected ServerScript(String name, String key, Map<String, String> ports) {
    this.name = name;
    this.key = key;
    this.ports = ports;
  }

  private static final ExtensionContext.Namespace SHARED =
      ExtensionContext.Namespace.create(ServerScript.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(SHARED)
        .getOrComputeIfAbsent(
            key,
            n -> {
              if (running()) {
                System.err.println(
                    "[test] " + key + ": using the server already running (left running)");
                return (ExtensionContext.Store.CloseableResource) () -> {};
              }
              run("start");
              return (ExtensionContext.Store.CloseableResource) () -> run("stop");
            });
  }

  /** Whether the script reports its server running in the test work directory. */
  private boolean running() {
    try {
      return script("status", false) == 0;
    } catch (IOException e) {
      throw new UncheckedIOException("scripts/" + name + ".sh status: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: scripts/" + name + ".sh status", e);
    }
  }

  private void run(String command) {
    try {
      int exit = script(command, true);
      if (exit != 0) {
        throw new IllegalStateException(
            "scripts/" + name + ".sh " + command + " exited with " + exit);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("scripts/" + name + ".sh " + command + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: scripts/" + name + ".sh " + command, e);
    }
  }

  private int script(String command, boolean showOutput) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder("bash", ROOT.resolve("scripts/" + name + ".sh").toString(), command);
    pb.environment().putAll(ports);
    pb.environment().put("VIGIL_WORK", ROOT.resolve(".work/it").toString());
    if (showOutput) {
      pb.inheritIO();
    } else {
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    }
    return pb.start().waitFor();
  }
}
