package dev.vigil.transforms.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.model.Alert;
import dev.vigil.model.CardFeatures;
import dev.vigil.model.CardSession;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.DecidedTransaction;
import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.MerchantWindow;
import dev.vigil.model.ScoredTransaction;
import dev.vigil.model.Transaction;
import java.time.Instant;
import java.util.Map;

/**
 * The tree-based encoder {@link JsonFormat} replaced, kept as the reference its streaming successor
 * must agree with byte for byte ({@code JsonFormatTest}).
 */
final class TreeJsonFormat {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TreeJsonFormat() {}

  static String iso(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }

  /** The input contract's encoding of a transaction (what {@code ParseTransactions} accepts). */
  static ObjectNode transactionNode(Transaction t) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("transaction_id", t.getTransactionId());
    n.put("card_id", t.getCardId());
    n.put("merchant_id", t.getMerchantId());
    n.put("amount", t.getAmount());
    n.put("event_time", iso(t.getEventTimeMillis()));
    if (t.getMerchantCategory() != null) {
      n.put("merchant_category", t.getMerchantCategory());
    }
    if (t.getCurrency() != null) {
      n.put("currency", t.getCurrency());
    }
    if (t.hasCoordinates()) {
      n.put("lat", t.getLat());
      n.put("lon", t.getLon());
    }
    if (t.getChannel() != null) {
      n.put("channel", t.getChannel());
    }
    return n;
  }

  static String transaction(Transaction t) {
    return write(transactionNode(t));
  }

  /** Feature name to value, in model-input order. */
  static ObjectNode featuresNode(CardFeatures features) {
    ObjectNode n = MAPPER.createObjectNode();
    for (Map.Entry<String, Double> e : features.asMap().entrySet()) {
      n.put(e.getKey(), e.getValue());
    }
    return n;
  }

  /** The common head of a scored record: the transaction's identity, features and lateness. */
  static ObjectNode featuredNode(FeaturedTransaction f) {
    Transaction t = f.getTransaction();
    ObjectNode n = MAPPER.createObjectNode();
    n.put("transaction_id", t.getTransactionId());
    n.put("card_id", t.getCardId());
    n.put("merchant_id", t.getMerchantId());
    n.put("amount", t.getAmount());
    n.put("event_time", iso(t.getEventTimeMillis()));
    n.set("features", featuresNode(f.getFeatures()));
    n.put("late", f.isLate());
    return n;
  }

  static String featured(FeaturedTransaction f) {
    return write(featuredNode(f));
  }

  /** The {@code scored} output record. */
  static String decided(DecidedTransaction d) {
    ScoredTransaction s = d.getScored();
    ObjectNode n = featuredNode(s.getFeatured());
    n.remove("late");
    n.put("score", s.getScore());
    n.put("decision", d.getDecision().name());
    n.put("model_version", s.getModelVersion());
    n.put("late", s.getFeatured().isLate());
    return write(n);
  }

  static String alert(Alert a) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("alert_id", a.getAlertId());
    n.put("transaction_id", a.getTransactionId());
    n.put("card_id", a.getCardId());
    n.put("score", a.getScore());
    n.put("decision", a.getDecision().name());
    ArrayNode reasons = n.putArray("reasons");
    a.getReasons().forEach(reasons::add);
    n.put("model_version", a.getModelVersion());
    n.put("event_time", iso(a.getEventTimeMillis()));
    return write(n);
  }

  static String deadLetter(DeadLetter d) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("raw", d.getRaw());
    n.put("raw_bytes", d.getRawBytes());
    n.put("raw_sha256", d.getRawSha256());
    n.put("raw_truncated", d.isRawTruncated());
    n.put("error", d.getError());
    n.put("stage", d.getStage());
    n.put("source", d.getSource());
    n.put("failed_at", iso(d.getFailedAtMillis()));
    return write(n);
  }

  static String merchantWindow(MerchantWindow w) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("merchant_id", w.getMerchantId());
    n.put("window_start", iso(w.getWindowStartMillis()));
    n.put("window_end", iso(w.getWindowEndMillis()));
    n.put("txn_count", w.getTxnCount());
    n.put("amount_sum", w.getAmountSum());
    n.put("avg_score", w.getAvgScore());
    n.put("alert_count", w.getAlertCount());
    n.put("pane_timing", w.getPaneTiming());
    return write(n);
  }

  static String cardSession(CardSession s) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("card_id", s.getCardId());
    n.put("session_start", iso(s.getSessionStartMillis()));
    n.put("session_end", iso(s.getSessionEndMillis()));
    n.put("txn_count", s.getTxnCount());
    n.put("amount_sum", s.getAmountSum());
    n.put("max_score", s.getMaxScore());
    n.put("pane_timing", s.getPaneTiming());
    return write(n);
  }

  static String write(Object node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + node, e);
    }
  }
}
