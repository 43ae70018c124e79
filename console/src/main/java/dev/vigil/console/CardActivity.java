package dev.vigil.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last {@value #PER_CARD} decisions of the most recently active cards (at most {@code cards} of
 * them, least recently active leave first), from the decisions topic: an alert's detail shows its
 * card's recent transactions and the card's baseline (the median of each feature over its earlier
 * decisions) without a scan of Cassandra. Features are kept as floats beside their names.
 */
final class CardActivity {
  static final int PER_CARD = 10;
  private static final String[] SHOWN = {
    "transaction_id", "merchant_id", "amount", "event_time", "score", "decision"
  };

  /** One decision: what the detail lists, its event time, and its features. */
  private record Decision(ObjectNode shown, long eventMillis, List<String> names, float[] values) {}

  private final Map<String, Deque<Decision>> recent;

  /** Feature name lists, shared between decisions of the same feature set. */
  private final Map<List<String>, List<String>> names = new LinkedHashMap<>();

  CardActivity(int cards) {
    this.recent =
        new LinkedHashMap<>(1024, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Deque<Decision>> eldest) {
            return size() > cards;
          }
        };
  }

  synchronized void add(JsonNode scored) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    for (String f : SHOWN) {
      o.set(f, scored.path(f));
    }
    List<String> featureNames = new ArrayList<>();
    JsonNode features = scored.path("features");
    float[] values = new float[features.size()];
    Iterator<Map.Entry<String, JsonNode>> it = features.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      values[featureNames.size()] = (float) e.getValue().asDouble();
      featureNames.add(e.getKey());
    }
    List<String> shared = names.computeIfAbsent(List.copyOf(featureNames), n -> n);
    Deque<Decision> d =
        recent.computeIfAbsent(scored.path("card_id").asText(), c -> new ArrayDeque<>());
    d.addFirst(new Decision(o, eventMillis(scored.path("event_time").asText()), shared, values));
    while (d.size() > PER_CARD) {
      d.removeLast();
    }
  }

  synchronized ArrayNode of(String cardId) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    Deque<Decision> d = recent.get(cardId);
    if (d != null) {
      d.forEach(x -> a.add(x.shown()));
    }
    return a;
  }

  /**
   * The card's baseline before one of its transactions: over the card's kept decisions with an
   * event time before {@code eventTime} (the transaction itself left out), {@code transactions}
   * (how many) and {@code median}, each feature's median among them. Empty medians when the card
   * has no earlier decision here.
   */
  synchronized ObjectNode baseline(String cardId, String transactionId, String eventTime) {
    long before = eventMillis(eventTime);
    List<Decision> earlier = new ArrayList<>();
    Deque<Decision> d = recent.get(cardId);
    if (d != null) {
      for (Decision x : d) {
        if (!x.shown().path("transaction_id").asText().equals(transactionId)
            && (before < 0 || x.eventMillis() < before)) {
          earlier.add(x);
        }
      }
    }
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("transactions", earlier.size());
    ObjectNode median = o.putObject("median");
    Map<String, List<Float>> byName = new LinkedHashMap<>();
    for (Decision x : earlier) {
      for (int i = 0; i < x.values().length; i++) {
        byName.computeIfAbsent(x.names().get(i), n -> new ArrayList<>()).add(x.values()[i]);
      }
    }
    byName.forEach(
        (name, v) -> {
          float[] sorted = new float[v.size()];
          for (int i = 0; i < sorted.length; i++) {
            sorted[i] = v.get(i);
          }
          Arrays.sort(sorted);
          int n = sorted.length;
          double m = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + (double) sorted[n / 2]) / 2;
          median.put(name, m);
        });
    return o;
  }

  private static long eventMillis(String isoInstant) {
    try {
      return Instant.parse(isoInstant).toEpochMilli();
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
