package dev.vigil.console;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.PreparedStatement;
import com.datastax.driver.core.ResultSet;
import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import com.datastax.driver.core.utils.UUIDs;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.cassandra.CassandraClientSettings;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The console's Cassandra side: review state with conditional writes (one claim wins), an
 * append-only audit trail (by alert or card, and by day), card status, and the pipeline's rows an
 * alert's detail shows (the scored transaction, the card's sessions). Creates its own tables when
 * missing ({@code scripts/schema.cql} has them too).
 */
final class ReviewStore implements AutoCloseable {
  /** The console's tables, created if missing. */
  static final String[] SCHEMA = {
    "CREATE TABLE IF NOT EXISTS %s.alert_reviews (alert_id text PRIMARY KEY, claimed_by text,"
        + " claimed_at timestamp, verdict text, decided_by text, decided_at timestamp, note text)",
    "CREATE TABLE IF NOT EXISTS %s.audit_by_target (target text, at timeuuid, analyst text,"
        + " action text, detail text, PRIMARY KEY (target, at)) WITH CLUSTERING ORDER BY (at DESC)",
    "CREATE TABLE IF NOT EXISTS %s.audit_log (day text, at timeuuid, analyst text, action text,"
        + " target text, detail text, PRIMARY KEY (day, at)) WITH CLUSTERING ORDER BY (at DESC)",
    "CREATE TABLE IF NOT EXISTS %s.card_status (card_id text PRIMARY KEY, blocked boolean,"
        + " changed_by text, changed_at timestamp, note text)"
  };

  /** What a claim found: won (now or earlier by the same analyst) or held by someone else. */
  record Claim(boolean won, String holder) {}

  private final Cluster cluster;
  private final Session session;
  private final PreparedStatement claim;
  private final PreparedStatement readReview;
  private final PreparedStatement verdict;
  private final PreparedStatement auditTarget;
  private final PreparedStatement auditDay;
  private final PreparedStatement readAudit;
  private final PreparedStatement cardStatus;
  private final PreparedStatement readCardStatus;
  private final PreparedStatement readScored;
  private final PreparedStatement readSessions;

  ReviewStore(ConsoleConfig c) {
    cluster =
        CassandraClientSettings.load(c.cassandraPropertiesFile())
            .configure(
                Cluster.builder()
                    .addContactPoint(c.cassandraHost())
                    .withPort(c.cassandraPort())
                    .withoutJMXReporting())
            .build();
    session = cluster.connect();
    String k = c.keyspace();
    session.execute(
        "CREATE KEYSPACE IF NOT EXISTS "
            + k
            + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    for (String ddl : SCHEMA) {
      session.execute(String.format(ddl, k));
    }
    claim =
        session.prepare(
            "INSERT INTO "
                + k
                + ".alert_reviews (alert_id, claimed_by, claimed_at) VALUES (?, ?, ?) IF NOT EXISTS");
    readReview =
        session.prepare(
            "SELECT claimed_by, verdict, decided_by, note FROM "
                + k
                + ".alert_reviews WHERE alert_id = ?");
    verdict =
        session.prepare(
            "UPDATE "
                + k
                + ".alert_reviews SET verdict = ?, decided_by = ?, decided_at = ?, note = ?"
                + " WHERE alert_id = ? IF claimed_by = ?");
    auditTarget =
        session.prepare(
            "INSERT INTO "
                + k
                + ".audit_by_target (target, at, analyst, action, detail) VALUES (?, ?, ?, ?, ?)");
    auditDay =
        session.prepare(
            "INSERT INTO "
                + k
                + ".audit_log (day, at, analyst, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)");
    readAudit =
        session.prepare(
            "SELECT at, analyst, action, detail FROM "
                + k
                + ".audit_by_target WHERE target = ? LIMIT 50");
    cardStatus =
        session.prepare(
            "INSERT INTO "
                + k
                + ".card_status (card_id, blocked, changed_by, changed_at, note) VALUES (?, ?, ?, ?, ?)");
    readCardStatus =
        session.prepare(
            "SELECT blocked, changed_by, changed_at, note FROM "
                + k
                + ".card_status WHERE card_id = ?");
    readScored =
        prepareIfTable(
            k,
            "scored_transactions",
            "SELECT merchant_id, amount, features, score, decision, model_version, event_time FROM "
                + k
                + ".scored_transactions WHERE transaction_id = ?");
    readSessions =
        prepareIfTable(
            k,
            "card_sessions",
            "SELECT session_start, session_end, txn_count, amount_sum, max_score FROM "
                + k
                + ".card_sessions WHERE card_id = ? ORDER BY session_start DESC LIMIT 10");
  }

  /** A statement on one of the pipeline's tables, or null when the pipeline has not made it. */
  private PreparedStatement prepareIfTable(String keyspace, String table, String cql) {
    boolean exists =
        cluster.getMetadata().getKeyspace(keyspace) != null
            && cluster.getMetadata().getKeyspace(keyspace).getTable(table) != null;
    return exists ? session.prepare(cql) : null;
  }

  /** Claims the alert for {@code analyst} unless someone else holds it. */
  Claim claim(String alertId, String analyst) {
    ResultSet r = session.execute(claim.bind(alertId, analyst, new Date()));
    if (r.wasApplied()) {
      return new Claim(true, analyst);
    }
    String holder = r.one().getString("claimed_by");
    return new Claim(analyst.equals(holder), holder);
  }

  /** Records the verdict, only if {@code analyst} holds the claim; whether it did. */
  boolean verdict(String alertId, String analyst, String verdictText, String note) {
    return session
        .execute(verdict.bind(verdictText, analyst, new Date(), note, alertId, analyst))
        .wasApplied();
  }

  AlertQueue.Review review(String alertId) {
    Row row = session.execute(readReview.bind(alertId)).one();
    return row == null
        ? null
        : new AlertQueue.Review(
            row.getString("claimed_by"), row.getString("verdict"), row.getString("decided_by"));
  }

  /** Every review (at start, to show the queue's states), given to {@code sink}. */
  void allReviews(String keyspace, BiConsumer<String, AlertQueue.Review> sink) {
    for (Row row :
        session.execute(
            "SELECT alert_id, claimed_by, verdict, decided_by FROM "
                + keyspace
                + ".alert_reviews")) {
      sink.accept(
          row.getString("alert_id"),
          new AlertQueue.Review(
              row.getString("claimed_by"), row.getString("verdict"), row.getString("decided_by")));
    }
  }

  /** Appends to the audit trail of each target (an alert, a card) and of the day. */
  void audit(String analyst, String action, String detail, String... targets) {
    java.util.UUID at = UUIDs.timeBased();
    String day = Instant.now().atOffset(ZoneOffset.UTC).toLocalDate().toString();
    for (String target : targets) {
      session.execute(auditTarget.bind(target, at, analyst, action, detail));
    }
    session.execute(auditDay.bind(day, at, analyst, action, String.join(",", targets), detail));
  }

  ArrayNode auditTrail(String target) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    for (Row row : session.execute(readAudit.bind(target))) {
      a.addObject()
          .put("at", Instant.ofEpochMilli(UUIDs.unixTimestamp(row.getUUID("at"))).toString())
          .put("analyst", row.getString("analyst"))
          .put("action", row.getString("action"))
          .put("detail", row.getString("detail"));
    }
    return a;
  }

  void setCardStatus(String cardId, boolean blocked, String analyst, String note) {
    session.execute(cardStatus.bind(cardId, blocked, analyst, new Date(), note));
  }

  ObjectNode cardStatus(String cardId) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    Row row = session.execute(readCardStatus.bind(cardId)).one();
    o.put("blocked", row != null && row.getBool("blocked"));
    if (row != null) {
      o.put("changed_by", row.getString("changed_by"));
      o.put("changed_at", row.getTimestamp("changed_at").toInstant().toString());
      o.put("note", row.getString("note"));
    }
    return o;
  }

  /** The pipeline's scored row of the transaction (features included), or null. */
  ObjectNode scored(String transactionId) {
    if (readScored == null) {
      return null;
    }
    Row row = session.execute(readScored.bind(transactionId)).one();
    if (row == null) {
      return null;
    }
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("merchant_id", row.getString("merchant_id"));
    o.put("amount", row.getDouble("amount"));
    o.put("score", row.getDouble("score"));
    o.put("decision", row.getString("decision"));
    o.put("model_version", row.getLong("model_version"));
    o.put("event_time", row.getTimestamp("event_time").toInstant().toString());
    ObjectNode f = o.putObject("features");
    for (Map.Entry<String, Double> e :
        row.getMap("features", String.class, Double.class).entrySet()) {
      f.put(e.getKey(), e.getValue());
    }
    return o;
  }

  /** The card's last 10 sessions from the pipeline's card_sessions table. */
  ArrayNode sessions(String cardId) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    if (readSessions == null) {
      return a;
    }
    for (Row row : session.execute(readSessions.bind(cardId))) {
      a.addObject()
          .put("session_start", row.getTimestamp("session_start").toInstant().toString())
          .put("session_end", row.getTimestamp("session_end").toInstant().toString())
          .put("txn_count", row.getLong("txn_count"))
          .put("amount_sum", row.getDouble("amount_sum"))
          .put("max_score", row.getDouble("max_score"));
    }
    return a;
  }

  @Override
  public void close() {
    cluster.close();
  }
}
