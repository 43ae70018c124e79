package dev.vigil.console;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.model.Label;
import dev.vigil.pipelines.kafka.CassandraServer;
import dev.vigil.pipelines.kafka.KafkaServer;
import dev.vigil.pipelines.kafka.StreamingChecks;
import dev.vigil.transforms.parse.LabelJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console over a real Kafka and Cassandra and a real pipeline run (embedded FlinkRunner,
 * streaming), driven through its HTTP API as two analysts' browsers would: an alert appears within
 * seconds of its transaction; one analyst's claim is seen by the other, whose claim is refused;
 * "confirm fraud" writes the review row, the audit trail and a label record the pipeline's own
 * parser accepts, and a reload shows it; "block card" makes the pipeline BLOCK the card's next
 * transaction with reason card_blocked; a request without a session gets 401 and no data, a POST
 * without the CSRF token 403.
 */
@ExtendWith({KafkaServer.class, CassandraServer.class, ConsoleStack.Shared.class})
class ConsoleIT {

  /** One analyst's browser: its own cookies and CSRF token. */
  static final class Browser {
    final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    final String base;
    String csrf = "";

    Browser(int port) {
      base = "http://127.0.0.1:" + port;
    }

    HttpResponse<String> get(String path) throws Exception {
      return http.send(
          HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws Exception {
      return http.send(
          HttpRequest.newBuilder(URI.create(base + path))
              .header("Content-Type", "application/json")
              .header("X-CSRF-Token", csrf)
              .POST(HttpRequest.BodyPublishers.ofString(json))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    JsonNode ok(HttpResponse<String> r) throws Exception {
      assertThat(r.body(), r.statusCode(), equalTo(200));
      return Json.MAPPER.readTree(r.body());
    }

    void signIn(String name, String password) throws Exception {
      csrf = "";
      JsonNode me =
          ok(post("/api/login", "{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}"));
      csrf = me.get("csrf").asText();
    }
  }

  @Test
  void analystsWorkTheQueueAndTheirActionsReachCassandraKafkaAndThePipeline(ConsoleStack stack)
      throws Exception {
    Console console = stack.console;
    String run = stack.run;
    Browser anonymous = new Browser(console.port());
    Browser alice = new Browser(console.port());
    Browser bob = new Browser(console.port());

    // Signed out: 401 and no data, for reads, actions and the event stream alike.
    for (String path : List.of("/api/alerts", "/api/figures", "/api/events", "/api/me")) {
      HttpResponse<String> r = anonymous.get(path);
      assertThat(path, r.statusCode(), equalTo(401));
      assertThat(path, r.body(), equalTo("{\"error\":\"sign in first\"}"));
    }
    assertThat(anonymous.post("/api/cards/c/block", "{}").statusCode(), equalTo(401));
    assertThat(
        anonymous
            .post("/api/login", "{\"name\":\"alice\",\"password\":\"wrong-password\"}")
            .statusCode(),
        equalTo(401));
    // Password guessing: after 5 failures for a name, the next attempt is refused unchecked.
    for (int i = 0; i < 5; i++) {
      assertThat(
          anonymous
              .post("/api/login", "{\"name\":\"mallory\",\"password\":\"guess-" + i + "\"}")
              .statusCode(),
          equalTo(401));
    }
    HttpResponse<String> throttled =
        anonymous.post("/api/login", "{\"name\":\"mallory\",\"password\":\"guess-5\"}");
    assertThat(throttled.statusCode(), equalTo(429));
    assertThat(throttled.body(), containsString("too many failed sign-ins"));
    assertThat(
        Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow()),
        greaterThan(0L));
    alice.signIn("alice", ConsoleStack.ALICE_PASSWORD);
    bob.signIn("bob", ConsoleStack.BOB_PASSWORD);
    // A POST without the session's CSRF token is refused.
    String token = alice.csrf;
    alice.csrf = "forged";
    assertThat(alice.post("/api/cards/c/block", "{}").statusCode(), equalTo(403));
    alice.csrf = token;

    // A purchase far above the card's habit, 3,000 km from its last one minutes later: an alert.
    long t0 = System.currentTimeMillis() - 600_000;
    long sent = System.nanoTime();
    stack.sendSpike("card-X", "spike", t0);
    JsonNode alert = awaitAlert(alice, "alert-spike", Duration.ofMinutes(2));
    System.err.printf(
        "[console-it] alert in the queue %.1f s after its transaction was sent%n",
        (System.nanoTime() - sent) / 1e9);
    assertThat(alert.get("card_id").asText(), equalTo("card-X"));
    assertThat(alert.get("state").asText(), equalTo("open"));

    // Alice claims it; Bob sees her claim and cannot take it.
    assertThat(
        alice.ok(alice.post("/api/alerts/alert-spike/claim", "{}")).get("claimed_by").asText(),
        equalTo("alice"));
    JsonNode seenByBob = bob.ok(bob.get("/api/alerts/alert-spike"));
    assertThat(seenByBob.get("claimed_by").asText(), equalTo("alice"));
    HttpResponse<String> bobClaim = bob.post("/api/alerts/alert-spike/claim", "{}");
    assertThat(bobClaim.statusCode(), equalTo(409));
    assertThat(bobClaim.body(), containsString("already claimed by alice"));
    assertThat(
        bob.post("/api/alerts/alert-spike/label", "{\"verdict\":\"legitimate\"}").statusCode(),
        equalTo(409));

    JsonNode feedbackBefore = alice.ok(alice.get("/api/feedback"));
    // Alice confirms fraud: a label record the pipeline's parser reads, the review row, the
    // audit.
    JsonNode labelled =
        alice.ok(
            alice.post(
                "/api/alerts/alert-spike/label",
                "{\"verdict\":\"fraud\",\"note\":\"<script>alert(1)</script>\"}"));
    assertThat(labelled.get("state").asText(), equalTo("closed"));
    // The stack is shared with the browser test: its label may be on the topic too.
    List<JsonNode> labels =
        StreamingChecks.readUntil("labels-" + run, 1, Duration.ofSeconds(20)).stream()
            .filter(l -> l.path("transaction_id").asText().equals("spike"))
            .toList();
    assertThat(labels.size(), equalTo(1));
    Label label = new LabelJson(10_000).parse(labels.get(0).toString());
    assertThat(label.getTransactionId(), equalTo("spike"));
    assertThat(label.isFraud(), equalTo(true));
    assertThat(label.getSource(), equalTo("analyst"));
    assertThat(label.getMerchantId(), equalTo("m-far"));
    assertThat(label.getCardId(), equalTo("card-X"));
    // Feedback per model version counts the verdict.
    JsonNode feedback = alice.ok(alice.get("/api/feedback"));
    JsonNode model = feedback.get(alert.get("model_version").asText());
    JsonNode before = feedbackBefore.path(alert.get("model_version").asText());
    assertThat(model.get("reviewed").asLong() - before.path("reviewed").asLong(0), equalTo(1L));
    assertThat(
        model.get("confirmed_fraud").asLong() - before.path("confirmed_fraud").asLong(0),
        equalTo(1L));
    // Every verdict on this stack so far confirmed fraud.
    assertThat(model.get("precision_confirmed").asDouble(), equalTo(1.0));
    // A reload (a new read, from Cassandra) shows the verdict and the audit trail.
    JsonNode reloaded = bob.ok(bob.get("/api/alerts/alert-spike"));
    assertThat(reloaded.get("verdict").asText(), equalTo("fraud"));
    assertThat(reloaded.get("state").asText(), equalTo("closed"));
    List<String> actions = reloaded.get("audit").findValuesAsText("action");
    assertThat(actions, equalTo(List.of("label_fraud", "claim")));
    assertThat(reloaded.get("audit").get(0).get("analyst").asText(), equalTo("alice"));
    assertThat(
        reloaded.get("audit").get(0).get("detail").asText(), equalTo("<script>alert(1)</script>"));
    assertThat(reloaded.get("scored").get("features").size(), greaterThan(9));
    // The card's baseline: each feature's median over its two earlier purchases.
    JsonNode baseline = reloaded.get("card_baseline");
    assertThat(baseline.get("transactions").asInt(), equalTo(2));
    List<String> featureNames = new java.util.ArrayList<>();
    reloaded.get("scored").get("features").fieldNames().forEachRemaining(featureNames::add);
    List<String> baselineNames = new java.util.ArrayList<>();
    baseline.get("median").fieldNames().forEachRemaining(baselineNames::add);
    assertThat(baselineNames, equalTo(featureNames));

    // Alice blocks the card: the pipeline BLOCKs its next transaction with reason card_blocked.
    JsonNode blocked =
        alice.ok(alice.post("/api/cards/card-X/block", "{\"note\":\"confirmed fraud\"}"));
    assertThat(blocked.get("blocked").asBoolean(), equalTo(true));
    String probe = null;
    for (int i = 0; i < 60 && probe == null; i++) {
      String id = "after-block-" + i;
      stack.send(ConsoleStack.tx(id, "card-X", 12.0, t0 + 300_000 + i * 1000L, 48.85, 2.35));
      JsonNode a = awaitAlertOrNull(alice, "alert-" + id, Duration.ofSeconds(20));
      if (a != null && a.get("reasons").get(0).asText().equals("card_blocked")) {
        probe = id;
        assertThat(a.get("decision").asText(), equalTo("BLOCK"));
      }
    }
    assertThat("the card was blocked by the pipeline", probe != null, equalTo(true));
    JsonNode detail = alice.ok(alice.get("/api/alerts/alert-" + probe));
    assertThat(detail.get("card_status").get("blocked").asBoolean(), equalTo(true));
    assertThat(detail.get("card_status").get("changed_by").asText(), equalTo("alice"));
    assertThat(
        detail.get("card_audit").findValuesAsText("action"),
        equalTo(List.of("block_card", "label_fraud")));

    // Produce-to-decision latency, from the input and decision records' Kafka timestamps.
    JsonNode produce = null;
    for (int i = 0; i < 50 && (produce == null || produce.isNull()); i++) {
      produce = alice.ok(alice.get("/api/figures")).get("produce_to_decision_ms");
      Thread.sleep(200);
    }
    System.err.println("[console-it] produce to decision: " + produce);
    assertThat(produce.get("decisions").asInt(), greaterThan(0));
    assertThat(produce.get("p99").asLong() >= produce.get("p50").asLong(), equalTo(true));
    // Top merchants, from the pipeline's merchant windows topic, once a window has closed.
    JsonNode merchants = alice.ok(alice.get("/api/merchants"));
    for (int i = 0; i < 60 && merchants.isEmpty(); i++) {
      Thread.sleep(1_000);
      merchants = alice.ok(alice.get("/api/merchants"));
    }
    System.err.println("[console-it] top merchants: " + merchants);
    assertThat(merchants.isEmpty(), equalTo(false));
    assertThat(
        merchants.get(0).get("merchant_id").asText(), org.hamcrest.Matchers.startsWith("m-"));

    // The event stream, signed in: figures arrive within a few seconds.
    HttpResponse<java.io.InputStream> stream =
        alice.http.send(
            HttpRequest.newBuilder(URI.create(alice.base + "/api/events"))
                .header("Accept", "text/event-stream")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode(), equalTo(200));
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      String line;
      boolean figures = false;
      while (!figures && (line = r.readLine()) != null) {
        System.err.println("[console-it] sse: " + line);
        figures = line.startsWith("event:") && line.contains("figures");
      }
      assertThat(figures, equalTo(true));
    }
    // Signing out ends the session: the same cookie now gets 401.
    alice.ok(alice.post("/api/logout", "{}"));
    assertThat(alice.get("/api/alerts").statusCode(), equalTo(401));
  }

  static JsonNode awaitAlert(Browser b, String alertId, Duration within) throws Exception {
    JsonNode a = awaitAlertOrNull(b, alertId, within);
    if (a == null) {
      throw new AssertionError(alertId + " not in the queue within " + within);
    }
    return a;
  }

  static JsonNode awaitAlertOrNull(Browser b, String alertId, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode a : b.ok(b.get("/api/alerts?limit=500")).get("alerts")) {
        if (a.get("alert_id").asText().equals(alertId)) {
          return a;
        }
      }
      Thread.sleep(200);
    }
    return null;
  }
}
