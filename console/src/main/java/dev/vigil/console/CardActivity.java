package dev.vigil.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last {@value #PER_CARD} decisions of the most recently active cards (at most {@code cards} of
 * them, least recently active leave first), from the decisions topic: an alert's detail shows its
 * card's recent transactions without a scan of Cassandra.
 */
final class CardActivity {
  static final int PER_CARD = 10;
  private final Map<String, Deque<ObjectNode>> recent;

  CardActivity(int cards) {
    this.recent =
        new LinkedHashMap<>(1024, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Deque<ObjectNode>> eldest) {
            return size() > cards;
          }
        };
  }

  synchronized void add(JsonNode scored) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    for (String f :
        new String[] {
          "transaction_id", "merchant_id", "amount", "event_time", "score", "decision"
        }) {
      o.set(f, scored.path(f));
    }
    Deque<ObjectNode> d =
        recent.computeIfAbsent(scored.path("card_id").asText(), c -> new ArrayDeque<>());
    d.addFirst(o);
    while (d.size() > PER_CARD) {
      d.removeLast();
    }
  }

  synchronized ArrayNode of(String cardId) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    Deque<ObjectNode> d = recent.get(cardId);
    if (d != null) {
      d.forEach(a::add);
    }
    return a;
  }
}
