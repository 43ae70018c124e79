package dev.vigil.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.sse.SseClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Server-Sent Events every open page listens to, sent in batches every {@value #TICK_MS} ms
 * whatever the decision rate, so a fast stream never floods a browser: {@code figures} (the live
 * strip, each second), {@code ticker} (a sample of the newest decisions, capped by {@code
 * --tickerPerSecond}) and {@code alerts} (the queue's size and up to {@value #NEWEST} of its newest
 * alerts, when it grew; the page fetches the rest). A client whose session has ended is closed.
 */
final class EventStream implements AutoCloseable {
  static final int TICK_MS = 500;
  static final int NEWEST = 20;

  private final AlertQueue queue;
  private final LiveFigures figures;
  private final Sessions sessions;
  private final Map<SseClient, String> clients = new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "console-events");
            t.setDaemon(true);
            return t;
          });
  private long lastTotal = -1;
  private long ticks;
  private volatile long eventsLastSecond;
  private long eventsThisSecond;

  EventStream(AlertQueue queue, LiveFigures figures, Sessions sessions) {
    this.queue = queue;
    this.figures = figures;
    this.sessions = sessions;
  }

  void add(SseClient client) {
    String sessionId = client.ctx().cookie(ConsoleServer.COOKIE);
    clients.put(client, sessionId == null ? "" : sessionId);
    client.onClose(() -> clients.remove(client));
    client.sendEvent("hello", "{\"tick_ms\":" + TICK_MS + "}");
    client.keepAlive();
  }

  void start() {
    ticker.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
  }

  /** SSE events sent to all clients together in the last whole second (the load check's cap). */
  long eventsLastSecond() {
    return eventsLastSecond;
  }

  private void tick() {
    try {
      ticks++;
      long now = System.currentTimeMillis();
      ArrayNode sample = figures.drainTicker();
      String figuresJson = null;
      if (ticks % 2 == 0) {
        ObjectNode f = figures.snapshot(now);
        f.put("sse_events_last_second", eventsLastSecond);
        f.put("alerts_total", queue.total());
        figuresJson = Json.write(f);
        eventsLastSecond = eventsThisSecond;
        eventsThisSecond = 0;
      }
      String alertsJson = null;
      long total = queue.total();
      if (total != lastTotal) {
        lastTotal = total;
        ObjectNode a = Json.MAPPER.createObjectNode();
        a.put("total", total);
        a.put("held", queue.size());
        ArrayNode newest = a.putArray("newest");
        List<AlertQueue.Entry> page = queue.list(e -> true, 0, NEWEST);
        page.forEach(e -> newest.add(e.summary().put("seq", e.seq)));
        alertsJson = Json.write(a);
      }
      String tickerJson = sample.isEmpty() ? null : Json.write(sample);
      for (Map.Entry<SseClient, String> c : clients.entrySet()) {
        SseClient client = c.getKey();
        if (client.terminated() || sessions.find(c.getValue()).isEmpty()) {
          clients.remove(client);
          client.close();
          continue;
        }
        if (figuresJson != null) {
          send(client, "figures", figuresJson);
        }
        if (alertsJson != null) {
          send(client, "alerts", alertsJson);
        }
        if (tickerJson != null) {
          send(client, "ticker", tickerJson);
        }
      }
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(EventStream.class)
          .warn("event tick failed: {}", e.toString());
    }
  }

  private void send(SseClient client, String event, String data) {
    client.sendEvent(event, data);
    eventsThisSecond++;
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    clients.keySet().forEach(SseClient::close);
  }
}
