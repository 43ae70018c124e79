package dev.vigil.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.pipelines.kafka.ServerScript;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
