package dev.vigil.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * Top merchants from the pipeline's merchant windows (the merchant windows topic): each merchant's
 * latest window (the greatest {@code window_end}; of its panes the last read, which holds the most
 * data), ranked by alerts then transactions, among merchants whose latest window ended within
 * {@value #RECENT_MINUTES} minutes of the newest window seen.
 */
final class MerchantBoard {
  static final int RECENT_MINUTES = 10;

  private final Map<String, JsonNode> latest = new HashMap<>();
  private long newestEnd = Long.MIN_VALUE;

  synchronized void add(JsonNode pane) {
    long end = millis(pane.path("window_end").asText());
    String merchant = pane.path("merchant_id").asText();
    if (end == Long.MIN_VALUE || merchant.isEmpty()) {
      return;
    }
    JsonNode held = latest.get(merchant);
    if (held == null || millis(held.path("window_end").asText()) <= end) {
      latest.put(merchant, pane);
    }
    newestEnd = Math.max(newestEnd, end);
    if (latest.size() > 100_000) {
      latest.values().removeIf(p -> millis(p.path("window_end").asText()) < cutoff());
    }
  }

  /** The {@code n} top merchants, as their latest window panes. */
  synchronized ArrayNode top(int n) {
    long cutoff = cutoff();
    ArrayNode a = Json.MAPPER.createArrayNode();
    latest.values().stream()
        .filter(p -> millis(p.path("window_end").asText()) >= cutoff)
        .sorted(
            Comparator.comparingLong((JsonNode p) -> -p.path("alert_count").asLong())
                .thenComparingLong(p -> -p.path("txn_count").asLong())
                .thenComparing(p -> p.path("merchant_id").asText()))
        .limit(n)
        .forEach(a::add);
    return a;
  }

  private long cutoff() {
    return newestEnd == Long.MIN_VALUE ? Long.MIN_VALUE : newestEnd - RECENT_MINUTES * 60_000L;
  }

  private static long millis(String iso) {
    try {
      return Instant.parse(iso).toEpochMilli();
    } catch (RuntimeException e) {
      return Long.MIN_VALUE;
    }
  }
}
