package dev.vigil.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's HTTP side: the page (static files), the JSON API (docs/console.md) and the
 * Server-Sent Events stream. Every {@code /api/} request but sign-in needs a session cookie (else
 * 401, never data), and every POST the session's CSRF token in {@code X-CSRF-Token} (else 403);
 * every action is attributed to its analyst in the audit trail.
 */
final class ConsoleServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
  static final String COOKIE = "vigil_session";
  private static final String SESSION_ATTRIBUTE = "vigil.session";

  private final ConsoleConfig config;
  private final Users users;
  private final Sessions sessions;
  private final SignInThrottle throttle;
  private final AlertQueue queue;
  private final LiveFigures figures;
  private final CardActivity cards;
  private final MerchantBoard merchants;
  private final ReviewStore store;
  private final ActionPublisher publisher;
  private final EventStream events;
  private Javalin app;

  ConsoleServer(
      ConsoleConfig config,
      Users users,
      AlertQueue queue,
      LiveFigures figures,
      CardActivity cards,
      MerchantBoard merchants,
      ReviewStore store,
      ActionPublisher publisher) {
    this.config = config;
    this.users = users;
    this.throttle = SignInThrottle.standard();
    this.sessions =
        new Sessions(
            Duration.ofMinutes(config.sessionIdleMinutes()),
            Duration.ofHours(12),
            java.time.Clock.systemUTC());
    this.queue = queue;
    this.figures = figures;
    this.cards = cards;
    this.merchants = merchants;
    this.store = store;
    this.publisher = publisher;
    this.events = new EventStream(queue, figures, sessions);
  }

  /** An API failure: its HTTP status and a message for the analyst. */
  static final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    ApiError(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  ConsoleServer start() {
    app =
        Javalin.create(
            c -> {
              c.jetty.host = config.host();
              c.jetty.port = config.port();
              c.staticFiles.add("/console", Location.CLASSPATH);
              c.staticFiles.enableWebjars();
              c.routes.before("/api/*", this::authenticate);
              c.routes.post("/api/login", this::login);
              c.routes.post("/api/logout", this::logout);
              c.routes.get("/api/me", this::me);
              c.routes.get("/api/figures", ctx -> json(ctx, figures.snapshot(now())));
              c.routes.get("/api/alerts", this::listAlerts);
              c.routes.get("/api/merchants", ctx -> json(ctx, merchants.top(10)));
              c.routes.get("/api/feedback", ctx -> json(ctx, Feedback.of(queue)));
              c.routes.post("/api/next", this::claimNext);
              c.routes.get("/api/alerts/{id}", this::alertDetail);
              c.routes.post("/api/alerts/{id}/claim", this::claim);
              c.routes.post("/api/alerts/{id}/label", this::label);
              c.routes.post("/api/alerts/{id}/notify", this::notifyRecord);
              c.routes.post("/api/cards/{card}/block", ctx -> cardAction(ctx, true));
              c.routes.post("/api/cards/{card}/unblock", ctx -> cardAction(ctx, false));
              c.routes.sse("/api/events", events::add);
              c.routes.exception(
                  ApiError.class,
                  (e, ctx) -> {
                    ctx.status(e.status);
                    json(ctx, Json.MAPPER.createObjectNode().put("error", e.getMessage()));
                  });
            });
    app.start();
    events.start();
    LOG.info("console on http://{}:{}", config.host(), app.port());
    return this;
  }

  int port() {
    return app.port();
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  private static void json(Context ctx, Object body) {
    ctx.contentType("application/json").result(Json.write(body));
  }

  private static JsonNode body(Context ctx) {
    String b = ctx.body();
    JsonNode n = b == null || b.isBlank() ? Json.MAPPER.createObjectNode() : Json.readObject(b);
    if (n == null) {
      throw new ApiError(400, "the request body must be a JSON object");
    }
    return n;
  }

  private static String text(JsonNode body, String field, int max) {
    String v = body.path(field).asText("");
    if (v.length() > max) {
      throw new ApiError(400, field + " is longer than " + max + " characters");
    }
    return v;
  }

  /** Every /api/ request but sign-in: a live session; for POST, its CSRF token too. */
  private void authenticate(Context ctx) {
    if (ctx.path().equals("/api/login")) {
      return;
    }
    Sessions.Session s =
        sessions.find(ctx.cookie(COOKIE)).orElseThrow(() -> new ApiError(401, "sign in first"));
    if (ctx.method() == HandlerType.POST && !s.csrfToken().equals(ctx.header("X-CSRF-Token"))) {
      throw new ApiError(403, "missing or wrong X-CSRF-Token");
    }
    ctx.attribute(SESSION_ATTRIBUTE, s);
  }

  private static String analyst(Context ctx) {
    Sessions.Session s = ctx.attribute(SESSION_ATTRIBUTE);
    return s.analyst();
  }

  private void login(Context ctx) {
    JsonNode b = body(ctx);
    String name = text(b, "name", 100);
    char[] password = text(b, "password", 1000).toCharArray();
    String safeName = name.replaceAll("[^A-Za-z0-9_.@-]", "?");
    long retryAfter = throttle.retryAfterSeconds(name, ctx.ip());
    if (retryAfter > 0) {
      LOG.warn("sign-in for '{}' from {} refused: too many failures", safeName, ctx.ip());
      ctx.header("Retry-After", Long.toString(retryAfter));
      throw new ApiError(429, "too many failed sign-ins; try again in " + retryAfter + " s");
    }
    if (!users.check(name, password)) {
      throttle.failed(name, ctx.ip());
      LOG.warn("failed sign-in for '{}' from {}", safeName, ctx.ip());
      throw new ApiError(401, "wrong name or password");
    }
    throttle.succeeded(name);
    Sessions.Session s = sessions.start(name);
    ctx.header("Set-Cookie", COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict");
    store.audit(name, "sign_in", "from " + ctx.ip(), "analyst:" + name);
    json(ctx, Json.MAPPER.createObjectNode().put("analyst", name).put("csrf", s.csrfToken()));
  }

  private void logout(Context ctx) {
    sessions.end(ctx.cookie(COOKIE));
    ctx.header("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    json(ctx, Json.MAPPER.createObjectNode().put("signed_out", true));
  }

  private void me(Context ctx) {
    Sessions.Session s = ctx.attribute(SESSION_ATTRIBUTE);
    json(
        ctx, Json.MAPPER.createObjectNode().put("analyst", s.analyst()).put("csrf", s.csrfToken()));
  }

  /** The queue's filter from the query: decision, minScore, merchant, state. */
  private static Predicate<AlertQueue.Entry> filter(Context ctx) {
    String decision = ctx.queryParam("decision");
    String merchant = ctx.queryParam("merchant");
    String state = ctx.queryParam("state");
    double minScore;
    try {
      minScore =
          ctx.queryParam("minScore") == null ? 0 : Double.parseDouble(ctx.queryParam("minScore"));
    } catch (NumberFormatException e) {
      throw new ApiError(400, "minScore must be a number");
    }
    return e ->
        (decision == null || decision.isBlank() || e.decision().equalsIgnoreCase(decision))
            && e.score() >= minScore
            && (merchant == null
                || merchant.isBlank()
                || (e.merchantId() != null && e.merchantId().contains(merchant)))
            && (state == null || state.isBlank() || e.state().equalsIgnoreCase(state));
  }

  private void listAlerts(Context ctx) {
    int limit = Math.min(500, Math.max(1, intParam(ctx, "limit", 50)));
    long before = intParam(ctx, "before", 0);
    List<AlertQueue.Entry> page = queue.list(filter(ctx), before, limit);
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("total", queue.total());
    o.put("held", queue.size());
    o.put("evicted", queue.evicted());
    ArrayNode a = o.putArray("alerts");
    page.forEach(e -> a.add(e.summary().put("seq", e.seq)));
    json(ctx, o);
  }

  private static int intParam(Context ctx, String name, int def) {
    String v = ctx.queryParam(name);
    try {
      return v == null || v.isBlank() ? def : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new ApiError(400, name + " must be an integer");
    }
  }

  private AlertQueue.Entry entry(Context ctx) {
    AlertQueue.Entry e = queue.get(ctx.pathParam("id"));
    if (e == null) {
      throw new ApiError(404, "no alert " + ctx.pathParam("id") + " in the queue");
    }
    return e;
  }

  private void alertDetail(Context ctx) {
    AlertQueue.Entry e = entry(ctx);
    e.review = store.review(e.alertId);
    ObjectNode o = e.summary();
    ObjectNode scored = store.scored(e.transactionId());
    if (scored == null && e.scored != null) {
      scored = (ObjectNode) e.scored.deepCopy();
    }
    o.set("scored", scored);
    o.set("card_recent", cards.of(e.cardId()));
    o.set(
        "card_baseline",
        cards.baseline(e.cardId(), e.transactionId(), o.path("event_time").asText()));
    o.set("card_sessions", store.sessions(e.cardId()));
    o.set("card_status", store.cardStatus(e.cardId()));
    o.set("audit", store.auditTrail(e.alertId));
    o.set("card_audit", store.auditTrail("card:" + e.cardId()));
    json(ctx, o);
  }

  private ReviewStore.Claim claimFor(AlertQueue.Entry e, String analyst) {
    ReviewStore.Claim c = store.claim(e.alertId, analyst);
    if (c.won()) {
      e.review = store.review(e.alertId);
    }
    return c;
  }

  private void claim(Context ctx) {
    AlertQueue.Entry e = entry(ctx);
    String analyst = analyst(ctx);
    ReviewStore.Claim c = claimFor(e, analyst);
    if (!c.won()) {
      throw new ApiError(409, "already claimed by " + c.holder());
    }
    store.audit(analyst, "claim", "", e.alertId);
    json(ctx, e.summary());
  }

  /** Claims the newest open alert matching the filter (the "next" key). */
  private void claimNext(Context ctx) {
    String analyst = analyst(ctx);
    Predicate<AlertQueue.Entry> open = filter(ctx).and(e -> e.state().equals("open"));
    for (int attempt = 0; attempt < 20; attempt++) {
      List<AlertQueue.Entry> next = queue.list(open, 0, 1);
      if (next.isEmpty()) {
        throw new ApiError(404, "no open alert matches");
      }
      AlertQueue.Entry e = next.get(0);
      if (claimFor(e, analyst).won()) {
        store.audit(analyst, "claim", "next", e.alertId);
        json(ctx, e.summary());
        return;
      }
      e.review = store.review(e.alertId); // someone else's: skip it
    }
    throw new ApiError(409, "every open alert tried was claimed meanwhile; try again");
  }

  private void label(Context ctx) {
    AlertQueue.Entry e = entry(ctx);
    String analyst = analyst(ctx);
    JsonNode b = body(ctx);
    String verdict = text(b, "verdict", 20).toLowerCase(Locale.ROOT);
    if (!verdict.equals("fraud") && !verdict.equals("legitimate")) {
      throw new ApiError(400, "verdict must be fraud or legitimate");
    }
    String note = text(b, "note", 2000);
    ReviewStore.Claim c = claimFor(e, analyst);
    if (!c.won()) {
      throw new ApiError(409, "claimed by " + c.holder() + ": only they can label it");
    }
    String merchant = e.merchantId();
    if (merchant == null) {
      ObjectNode scored = store.scored(e.transactionId());
      merchant = scored == null ? null : scored.path("merchant_id").asText(null);
    }
    if (merchant == null) {
      throw new ApiError(409, "the transaction's scored record (its merchant) has not arrived yet");
    }
    ObjectNode record =
        ActionPublisher.label(
            e.transactionId(),
            e.cardId(),
            merchant,
            verdict.equals("fraud"),
            Instant.now(),
            e.alert.path("event_time").asText(),
            analyst);
    try {
      publisher.sendLabel(record);
    } catch (ActionPublisher.ActionFailedException ex) {
      throw new ApiError(503, ex.getMessage());
    }
    store.verdict(e.alertId, analyst, verdict, note);
    store.audit(analyst, "label_" + verdict, note, e.alertId, "card:" + e.cardId());
    e.review = store.review(e.alertId);
    json(ctx, e.summary().set("label", record));
  }

  private void notifyRecord(Context ctx) {
    AlertQueue.Entry e = entry(ctx);
    JsonNode b = body(ctx);
    String who = text(b, "who", 200);
    if (who.isBlank()) {
      throw new ApiError(400, "who was notified?");
    }
    store.audit(analyst(ctx), "notify", who + ": " + text(b, "note", 2000), e.alertId);
    json(ctx, Json.MAPPER.createObjectNode().put("recorded", true));
  }

  private void cardAction(Context ctx, boolean block) {
    String card = ctx.pathParam("card");
    if (card.isBlank() || card.length() > 200) {
      throw new ApiError(400, "a card id is 1 to 200 characters");
    }
    String analyst = analyst(ctx);
    String note = text(body(ctx), "note", 2000);
    ObjectNode record = ActionPublisher.cardAction(card, block, Instant.now(), analyst, note);
    try {
      publisher.sendCardAction(record);
    } catch (ActionPublisher.ActionFailedException ex) {
      throw new ApiError(503, ex.getMessage());
    }
    store.setCardStatus(card, block, analyst, note);
    store.audit(analyst, block ? "block_card" : "unblock_card", note, "card:" + card);
    json(
        ctx,
        Json.MAPPER
            .createObjectNode()
            .put("card_id", card)
            .put("blocked", block)
            .set("action", record));
  }

  @Override
  public void close() {
    events.close();
    if (app != null) {
      app.stop();
    }
  }
}
