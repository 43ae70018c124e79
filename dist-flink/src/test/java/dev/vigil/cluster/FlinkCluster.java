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
 * A real Flink 1.19 session cluster for the tests, JobManager and TaskManager as two JVMs ({@code
 * scripts/flink.sh}), REST on 127.0.0.1:18081; with a small client for its REST API.
 */
public final class FlinkCluster extends ServerScript {
  public static final String MASTER = "127.0.0.1:18081";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  public FlinkCluster() {
    super(
        "flink",
        Map.of(
            "FLINK_REST_PORT", "18081", "FLINK_RPC_PORT", "16123", "FLINK_TM_RPC_PORT", "16124"));
  }

  /** GET {@code path} on the cluster's REST API, as JSON. */
  public static JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://" + MASTER + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "GET " + path + " -> " + response.statusCode() + ": " + response.body());
    }
    return MAPPER.readTree(response.body());
  }

  /** Cancels a job through the REST API ({@code PATCH /jobs/:id?mode=cancel}). */
  public static void cancel(String jobId) throws IOException, InterruptedException {
    HTTP.send(
        HttpRequest.newBuilder(URI.create("http://" + MASTER + "/jobs/" + jobId + "?mode=cancel"))
            .method("PATCH", HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
