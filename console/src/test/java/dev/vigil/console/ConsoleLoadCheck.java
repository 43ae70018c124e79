package dev.vigil.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code ./vigil bench console}: the console under a decision stream of {@code --rate} decisions a
 * second (default 5,000) for {@code --seconds} (default 60), of which {@code --alertShare} (default
 * 10 %) are alerts. The records are written by this harness straight to the decisions and alerts
 * topics, in the pipeline's output format (the pipeline itself does not reach 5,000/s on this
 * machine; the console's load is the same). One signed-in page listens to the event stream
 * meanwhile, and a signed-in page in headless Chromium ({@link PageProbe}). Measures the events and
 * bytes per second a page receives (the cap: 3 events every 500 ms), the API's latency for the
 * queue and the figures during the load, how fast the browser page opens an alert and how long its
 * main thread is blocked (long tasks) during the load, and whether the queue holds every alert
 * sent. Its own Kafka (29092) and Cassandra (29042); writes {@code benchmarks/CONSOLE.md} ({@code
 * --smoke}: 500/s for 10 s, {@code benchmarks/target/}).
 */
public final class ConsoleLoadCheck {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String BOOTSTRAP = "127.0.0.1:29092";

  private ConsoleLoadCheck() {}

  public static void main(String[] args) throws Exception {
    boolean smoke = Arrays.asList(args).contains("--smoke");
    int rate = intArg(args, "rate", smoke ? 500 : 5000);
    int seconds = intArg(args, "seconds", smoke ? 10 : 60);
    double alertShare = Double.parseDouble(arg(args, "alertShare", "0.1"));
    Path root = Path.of(arg(args, "root", ".")).toAbsolutePath().normalize();
    Path results =
        Path.of(
            arg(
                args,
                "results",
                smoke ? "benchmarks/target/SMOKE-CONSOLE.md" : "benchmarks/CONSOLE.md"));
    Path work = root.resolve(".work/bench");
    Map<String, String> kafkaEnv =
        Map.of("KAFKA_PORT", "29092", "KAFKA_CONTROLLER_PORT", "29093", "KAFKA_HEAP", "1g");
    Map<String, String> cassandraEnv =
        Map.of(
            "CASSANDRA_PORT",
            "29042",
            "CASSANDRA_STORAGE_PORT",
            "29000",
            "CASSANDRA_JMX_PORT",
            "29199");
    script(root, work, "kafka.sh", kafkaEnv, "start");
    script(root, work, "cassandra.sh", cassandraEnv, "start");
    String run = UUID.randomUUID().toString().substring(0, 8);
    String scored = "scored-" + run;
    String alerts = "alerts-" + run;
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(scored, 2, (short) 1),
                  new NewTopic(alerts, 2, (short) 1),
                  new NewTopic("tx-" + run, 2, (short) 1),
                  new NewTopic("dead-" + run, 1, (short) 1)))
          .all()
          .get();
    }
    Path users = Files.createTempFile("console-users", "");
    Files.writeString(users, Users.hashLine("load", "load-password".toCharArray()) + "\n");
    Report report = new Report();
    try (Console console =
        Console.start(
            "--port=28090",
            "--usersFile=" + users,
            "--bootstrapServers=" + BOOTSTRAP,
            "--cassandraPort=29042",
            "--keyspace=console_load_" + run,
            "--scoredTopic=" + scored,
            "--alertsTopic=" + alerts,
            "--deadLetterTopic=dead-" + run,
            "--inputTopic=tx-" + run,
            "--consumerGroup=none")) {
      String base = "http://127.0.0.1:" + console.port();
      HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
      HttpResponse<String> login =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/login"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"name\":\"load\",\"password\":\"load-password\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (login.statusCode() != 200) {
        throw new IllegalStateException("sign-in failed: " + login.body());
      }
      EventCounter events = new EventCounter(http, base);
      events.start();
      PageProbe page = new PageProbe(root.resolve(".work/bench/console-browser"), base);
      report.page = page;
      page.start();
      long alertsSent;
      try {
        alertsSent =
            produce("tx-" + run, scored, alerts, rate, seconds, alertShare, http, base, report);
      } finally {
        page.stopProbing();
      }
      long deadline = System.nanoTime() + 60_000_000_000L;
      long held = 0;
      while (System.nanoTime() < deadline) {
        held = get(http, base + "/api/alerts?limit=1").get("total").asLong();
        if (held >= alertsSent) {
          break;
        }
        Thread.sleep(200);
      }
      report.alertsSent = alertsSent;
      report.alertsHeld = get(http, base + "/api/alerts?limit=1").get("held").asLong();
      report.alertsTotal = held;
      Thread.sleep(1500);
      events.stop();
      report.events = events;
      page.finish(alertsSent);
    } finally {
      Files.deleteIfExists(users);
      script(root, work, "kafka.sh", kafkaEnv, "stop");
      script(root, work, "cassandra.sh", cassandraEnv, "stop");
    }
    String md = report.markdown(rate, seconds, alertShare, String.join(" ", args));
    Files.createDirectories(results.toAbsolutePath().getParent());
    Files.writeString(results, md);
    System.out.println(md);
    System.out.println("wrote " + results);
    if (report.alertsHeld != report.alertsSent
        || report.events.maxPerSecond() > 6
        || !report.page.showedAll(report.alertsSent)) {
      System.exit(1);
    }
  }

  /** Sends the decisions, paced, and times the queue and figures requests meanwhile. */
  private static long produce(
      String input,
      String scored,
      String alerts,
      int rate,
      int seconds,
      double alertShare,
      HttpClient http,
      String base,
      Report report)
      throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", BOOTSTRAP);
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    p.put("linger.ms", "5");
    long alertsSent = 0;
    long total = (long) rate * seconds;
    long start = System.nanoTime();
    long nextProbe = start;
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      for (long i = 0; i < total; i++) {
        long due = start + (long) (i * 1e9 / rate);
        long now;
        while ((now = System.nanoTime()) < due) {
          if (now >= nextProbe) {
            nextProbe = now + 1_000_000_000L;
            report.queueMs.add(timeMs(http, base + "/api/alerts?limit=100"));
            report.figuresMs.add(timeMs(http, base + "/api/figures"));
            report.lastFigures = get(http, base + "/api/figures");
          } else {
            Thread.onSpinWait();
          }
        }
        boolean alert = (i % Math.max(1, Math.round(1 / alertShare))) == 0;
        String id = "load-" + i;
        String card = "card-" + (i % 50_000);
        String decision = !alert ? "APPROVE" : (i % 3 == 0 ? "BLOCK" : "REVIEW");
        double score = !alert ? 0.01 : decision.equals("BLOCK") ? 0.95 : 0.7;
        String time = Instant.now().toString();
        // The transaction on the input topic first (the console tails it for produce times).
        producer.send(
            new ProducerRecord<>(
                input,
                card,
                "{\"transaction_id\":\""
                    + id
                    + "\",\"card_id\":\""
                    + card
                    + "\",\"merchant_id\":\"m-1\",\"amount\":10.0,\"event_time\":\""
                    + time
                    + "\"}"));
        producer.send(
            new ProducerRecord<>(scored, card, scoredJson(id, card, score, decision, time)));
        if (alert) {
          producer.send(
              new ProducerRecord<>(alerts, card, alertJson(id, card, score, decision, time)));
          alertsSent++;
        }
      }
      producer.flush();
    }
    report.sendSeconds = (System.nanoTime() - start) / 1e9;
    return alertsSent;
  }

  static String scoredJson(String id, String card, double score, String decision, String time) {
    StringBuilder f = new StringBuilder();
    for (int k = 0; k < 27; k++) {
      f.append(k == 0 ? "" : ",").append("\"feature_").append(k).append("\":").append(k * 1.5);
    }
    return "{\"transaction_id\":\""
        + id
        + "\",\"card_id\":\""
        + card
        + "\",\"merchant_id\":\"m-"
        + (id.hashCode() & 255)
        + "\",\"amount\":42.5,\"event_time\":\""
        + time
        + "\",\"features\":{"
        + f
        + "},\"score\":"
        + score
        + ",\"decision\":\""
        + decision
        + "\",\"model_version\":1,\"late\":false}";
  }

  static String alertJson(String id, String card, double score, String decision, String time) {
    return "{\"alert_id\":\"alert-"
        + id
        + "\",\"transaction_id\":\""
        + id
        + "\",\"card_id\":\""
        + card
        + "\",\"score\":"
        + score
        + ",\"decision\":\""
        + decision
        + "\",\"reasons\":[\"amount_ratio_30d\"],\"model_version\":1,\"event_time\":\""
        + time
        + "\"}";
  }

  private static double timeMs(HttpClient http, String url) throws Exception {
    long t = System.nanoTime();
    get(http, url);
    return (System.nanoTime() - t) / 1e6;
  }

  private static JsonNode get(HttpClient http, String url) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + ": " + r.statusCode() + " " + r.body());
    }
    return MAPPER.readTree(r.body());
  }

  /** Counts the event stream's events and bytes per wall-clock second, as one page receives it. */
  static final class EventCounter {
    private final HttpClient http;
    private final String base;
    final Map<Long, long[]> perSecond = new ConcurrentHashMap<>(); // events, bytes
    final AtomicLong tickerRows = new AtomicLong();
    private volatile boolean running = true;
    private Thread thread;

    EventCounter(HttpClient http, String base) {
      this.http = http;
      this.base = base;
    }

    void start() {
      thread =
          new Thread(
              () -> {
                try {
                  HttpResponse<java.io.InputStream> r =
                      http.send(
                          HttpRequest.newBuilder(URI.create(base + "/api/events"))
                              .header("Accept", "text/event-stream")
                              .GET()
                              .build(),
                          HttpResponse.BodyHandlers.ofInputStream());
                  try (BufferedReader in =
                      new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                    String line;
                    String event = "";
                    while (running && (line = in.readLine()) != null) {
                      long sec = System.currentTimeMillis() / 1000;
                      long[] c = perSecond.computeIfAbsent(sec, s -> new long[2]);
                      c[1] += line.length() + 1;
                      if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                        c[0]++;
                      } else if (line.startsWith("data:") && event.equals("ticker")) {
                        tickerRows.addAndGet(MAPPER.readTree(line.substring(5)).size());
                      }
                    }
                  }
                } catch (Exception e) {
                  if (running) {
                    System.err.println("[load] event stream ended: " + e);
                  }
                }
              },
              "load-events");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() {
      running = false;
    }

    long maxPerSecond() {
      return perSecond.values().stream().mapToLong(c -> c[0]).max().orElse(0);
    }

    long maxBytesPerSecond() {
      return perSecond.values().stream().mapToLong(c -> c[1]).max().orElse(0);
    }
  }

  /** What the run measured. */
  static final class Report {
    final List<Double> queueMs = new ArrayList<>();
    final List<Double> figuresMs = new ArrayList<>();
    double sendSeconds;
    JsonNode lastFigures = MAPPER.createObjectNode();
    long alertsSent;
    long alertsTotal;
    long alertsHeld;
    EventCounter events;
    PageProbe page;

    String produceFigure() {
      JsonNode p = lastFigures.path("produce_to_decision_ms");
      return p.isObject()
          ? p.get("p50") + " / " + p.get("p99") + " over " + p.get("decisions")
          : "none";
    }

    static String pct(List<Double> v, double q) {
      if (v.isEmpty()) {
        return "–";
      }
      List<Double> s = new ArrayList<>(v);
      s.sort(null);
      return String.format(
          Locale.ROOT, "%.0f", s.get((int) Math.min(s.size() - 1, Math.floor(q * s.size()))));
    }

    String markdown(int rate, int seconds, double alertShare, String args) {
      return "# Console load check\n\n"
          + "`./vigil bench console "
          + args
          + "`, "
          + Instant.now().toString().substring(0, 10)
          + ", "
          + Runtime.getRuntime().availableProcessors()
          + " cores, Java "
          + System.getProperty("java.version")
          + ".\n\n"
          + String.format(
              Locale.ROOT,
              "The harness wrote %,d decisions (%.0f %% alerts) to the decisions and alerts topics at"
                  + " %,d/s for %d s (took %.1f s), in the pipeline's output format, each after its"
                  + " transaction on the input topic (which the console tails for produce times);"
                  + " one signed-in page listened to the event stream.%n%n",
              (long) rate * seconds,
              alertShare * 100,
              rate,
              seconds,
              sendSeconds)
          + "| measure | value |\n|---|---|\n"
          + String.format(Locale.ROOT, "| alerts sent | %,d |%n", alertsSent)
          + String.format(
              Locale.ROOT,
              "| alerts in the queue (raised / held) | %,d / %,d |%n",
              alertsTotal,
              alertsHeld)
          + String.format(
              Locale.ROOT,
              "| event stream: most events in one second (cap 6) | %d |%n",
              events.maxPerSecond())
          + String.format(
              Locale.ROOT,
              "| event stream: most bytes in one second | %,d |%n",
              events.maxBytesPerSecond())
          + String.format(
              Locale.ROOT, "| ticker rows sent in all | %,d |%n", events.tickerRows.get())
          + "| `GET /api/alerts?limit=100` during the load, p50 / p99 ms | "
          + pct(queueMs, 0.5)
          + " / "
          + pct(queueMs, 0.99)
          + " |\n"
          + "| the console's produce-to-decision figure in the load's last second (p50 / p99 ms,"
          + " over the decisions of 10 s; here the harness writes each decision right after its"
          + " transaction) | "
          + produceFigure()
          + " |\n"
          + "| `GET /api/figures` during the load, p50 / p99 ms | "
          + pct(figuresMs, 0.5)
          + " / "
          + pct(figuresMs, 0.99)
          + " |\n"
          + page.rows();
    }
  }

  private static void script(
      Path root, Path work, String script, Map<String, String> env, String command)
      throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("bash", root.resolve("scripts").resolve(script).toString(), command)
            .inheritIO();
    pb.environment().putAll(env);
    pb.environment().put("VIGIL_WORK", work.toString());
    if (pb.start().waitFor() != 0) {
      throw new IllegalStateException("scripts/" + script + " " + command + " failed");
    }
  }

  private static String arg(String[] args, String name, String def) {
    for (String a : args) {
      if (a.startsWith("--" + name + "=")) {
        return a.substring(name.length() + 3);
      }
    }
    return def;
  }

  private static int intArg(String[] args, String name, int def) {
    return Integer.parseInt(arg(args, name, String.valueOf(def)));
  }
}
