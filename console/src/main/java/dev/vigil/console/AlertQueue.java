package dev.vigil.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Every alert the pipeline raised (the alerts topic, read from its start), newest first, with its
 * scored record (merchant, amount, features) when that has arrived and its review state. Holds at
 * most {@code capacity} alerts; past it the oldest leave (counted in {@link #evicted}).
 */
final class AlertQueue {
  /** One alert: the alert record, its scored record (or null) and its review (or null). */
  static final class Entry {
    final long seq;
    final String alertId;
    volatile JsonNode alert;
    volatile JsonNode scored;
    volatile Review review;

    Entry(long seq, String alertId, JsonNode alert) {
      this.seq = seq;
      this.alertId = alertId;
      this.alert = alert;
    }

    String transactionId() {
      return alert.path("transaction_id").asText();
    }

    String cardId() {
      return alert.path("card_id").asText();
    }

    String merchantId() {
      return scored == null ? null : scored.path("merchant_id").asText(null);
    }

    String decision() {
      return alert.path("decision").asText();
    }

    double score() {
      return alert.path("score").asDouble();
    }

    /** open (nobody claimed it), claimed, or closed (a verdict was given). */
    String state() {
      Review r = review;
      return r == null || r.claimedBy() == null
          ? "open"
          : r.verdict() == null ? "claimed" : "closed";
    }

    /** The queue's row: what a list shows. */
    ObjectNode summary() {
      ObjectNode o = Json.MAPPER.createObjectNode();
      o.put("alert_id", alertId);
      o.put("transaction_id", transactionId());
      o.put("card_id", cardId());
      o.put("merchant_id", merchantId());
      if (scored != null) {
        o.put("amount", scored.path("amount").asDouble());
      }
      o.put("score", score());
      o.put("decision", decision());
      o.set("reasons", alert.path("reasons"));
      o.put("event_time", alert.path("event_time").asText());
      o.put("model_version", alert.path("model_version").asLong());
      o.put("state", state());
      Review r = review;
      o.put("claimed_by", r == null ? null : r.claimedBy());
      o.put("verdict", r == null ? null : r.verdict());
      return o;
    }
  }

  /** An alert's review: who claimed it, and the verdict given (fraud / legitimate) by whom. */
  record Review(String claimedBy, String verdict, String decidedBy) {}

  private final int capacity;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong evicted = new AtomicLong();
  private final Map<String, Entry> byId = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<Long, Entry> newestFirst =
      new ConcurrentSkipListMap<>((a, b) -> Long.compare(b, a));
  private final Map<String, JsonNode> scoredWaiting = new ConcurrentHashMap<>();
  private final Map<String, Review> reviewsWaiting = new ConcurrentHashMap<>();

  AlertQueue(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Adds an alert (a repeated alert id, e.g. a replay, replaces the record and keeps its place).
   */
  Entry addAlert(JsonNode alert) {
    String id = alert.path("alert_id").asText();
    Entry e =
        byId.computeIfAbsent(
            id,
            k -> {
              Entry n = new Entry(sequence.incrementAndGet(), k, alert);
              newestFirst.put(n.seq, n);
              return n;
            });
    e.alert = alert;
    JsonNode scored = scoredWaiting.remove(e.transactionId());
    if (scored != null) {
      e.scored = scored;
    }
    Review review = reviewsWaiting.remove(id);
    if (review != null && e.review == null) {
      e.review = review;
    }
    while (newestFirst.size() > capacity) {
      Map.Entry<Long, Entry> oldest = newestFirst.pollLastEntry();
      if (oldest == null) {
        break;
      }
      byId.remove(oldest.getValue().alertId);
      evicted.incrementAndGet();
    }
    return e;
  }

  /** Attaches a REVIEW or BLOCK decision's scored record to its alert (before or after it). */
  void addScored(JsonNode scored) {
    String alertId = "alert-" + scored.path("transaction_id").asText();
    Entry e = byId.get(alertId);
    if (e != null) {
      e.scored = scored;
    } else if (scoredWaiting.size() < 100_000) {
      scoredWaiting.put(scored.path("transaction_id").asText(), scored);
    }
  }

  /** Sets an alert's review (from Cassandra at start, or after an action). */
  void setReview(String alertId, Review review) {
    Entry e = byId.get(alertId);
    if (e != null) {
      e.review = review;
    } else {
      reviewsWaiting.put(alertId, review);
    }
  }

  Entry get(String alertId) {
    return byId.get(alertId);
  }

  /** Up to {@code limit} alerts older than {@code beforeSeq} (0: from the newest) matching. */
  List<Entry> list(Predicate<Entry> filter, long beforeSeq, int limit) {
    List<Entry> out = new ArrayList<>();
    Map<Long, Entry> from = beforeSeq > 0 ? newestFirst.tailMap(beforeSeq, false) : newestFirst;
    for (Entry e : from.values()) {
      if (filter.test(e)) {
        out.add(e);
        if (out.size() >= limit) {
          break;
        }
      }
    }
    return out;
  }

  int size() {
    return newestFirst.size();
  }

  long total() {
    return sequence.get();
  }

  long evicted() {
    return evicted.get();
  }
}
