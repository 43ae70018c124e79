package dev.vigil.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.pipelines.kafka.ServerScript;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Spark 3.5 standalone cluster for the tests, master and worker as two JVMs ({@code
 * scripts/spark.sh}), master at spark://127.0.0.1:17077, UI and JSON on :18080.
 */
public final class SparkCluster extends ServerScript {
  public static final String MASTER = "spark://127.0.0.1:17077";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public SparkCluster() {
    super(
        "spark",
        Map.of(
            "SPARK_MASTER_PORT",
            "17077",
            "SPARK_MASTER_UI_PORT",
            "18080",
            "SPARK_WORKER_PORT",
            "17078",
            "SPARK_WORKER_UI_PORT",
            "18082"));
  }

  /**
   * Starts {@code ./vigil submit ARGS} with dist-spark's job jar (built in the package phase) in a
   * process of its own; the driver runs in it (client mode).
   */
  public static Process submit(List<String> args) throws IOException {
    File[] jars =
        ROOT.resolve("dist-spark/target")
            .toFile()
            .listFiles((d, n) -> n.startsWith("vigil-spark-job-") && n.endsWith(".jar"));
    if (jars == null || jars.length != 1) {
      throw new IllegalStateException("the job jar was not built in the package phase");
    }
    List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("vigil").toString()));
    command.add("submit");
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).inheritIO();
    pb.environment().put("VIGIL_JOB_JAR", jars[0].getAbsolutePath());
    pb.environment().put("JAVA_OPTS", "-Xmx1g");
    return pb.start();
  }

  /**
   * The master's state as JSON ({@code http://127.0.0.1:18080/json/}): workers, active and
   * completed apps.
   */
  public static JsonNode masterState() throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:18080/json/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    return MAPPER.readTree(response.body());
  }
}
