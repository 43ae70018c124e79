package dev.vigil.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The strip of live figures: decisions per second by decision, alerts and dead letters per second
 * over the last minute (by the records' Kafka timestamps, so a backlog read at start does not
 * count), event-to-decision latency (the scored record's Kafka timestamp minus its event time),
 * produce-to-decision latency (the scored record's Kafka timestamp minus its transaction's, on the
 * input topic: p50 and p99 over the last 10 s), the decision mix per model version, and a sampled
 * ticker of the newest decisions. Thread-safe.
 */
final class LiveFigures {
  static final int SECONDS = 60;

  /** Transactions awaiting their decision that are remembered (the oldest are forgotten). */
  static final int IN_FLIGHT = 200_000;

  static final int LATENCY_SAMPLES = 8192;
  private static final String[] DECISIONS = {"APPROVE", "REVIEW", "BLOCK"};

  private final long[][] perSecond = new long[SECONDS][5]; // approve, review, block, dead, alerts
  private final long[] secondOf = new long[SECONDS];
  private final long[] latencySum = new long[SECONDS];
  private final long[] latencyCount = new long[SECONDS];
  private final Map<Long, long[]> mixByModel = new TreeMap<>();
  private final Deque<JsonNode> ticker = new ArrayDeque<>();
  private final int tickerPerTick;

  /** Input records' Kafka timestamps by transaction id, until their decision is read. */
  private final Map<String, Long> producedAt = inFlight();

  /**
   * Live decisions read before their transaction (the console reads the two topics side by side):
   * their Kafka timestamps by transaction id, until the transaction is read.
   */
  private final Map<String, Long> decidedAt = inFlight();

  /** The newest produce-to-decision latencies: (decision's Kafka timestamp, latency) pairs. */
  private final long[][] produceLatency = new long[LATENCY_SAMPLES][2];

  private long produceLatencyCount;
  private long newestModel = -1;
  private long consumerLag = -1;

  /** Timestamps by transaction id, at most {@link #IN_FLIGHT} (the oldest are forgotten). */
  private static Map<String, Long> inFlight() {
    return new LinkedHashMap<>() {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
        return size() > IN_FLIGHT;
      }
    };
  }

  LiveFigures(int tickerPerTick) {
    this.tickerPerTick = tickerPerTick;
  }

  /** A transaction seen on the pipeline's input topic, with its record's Kafka timestamp. */
  synchronized void produced(String transactionId, long kafkaMillis) {
    Long decided = decidedAt.remove(transactionId);
    if (decided != null) {
      produceLatency(decided, kafkaMillis);
    } else {
      producedAt.put(transactionId, kafkaMillis);
    }
  }

  synchronized void scored(JsonNode s, long kafkaMillis, long nowMillis) {
    String id = s.path("transaction_id").asText();
    Long produced = producedAt.remove(id);
    if (produced != null) {
      produceLatency(kafkaMillis, produced);
    } else if (nowMillis - kafkaMillis < SECONDS * 1000L) {
      decidedAt.put(id, kafkaMillis);
    }
    String decision = s.path("decision").asText();
    int d = decision.equals("BLOCK") ? 2 : decision.equals("REVIEW") ? 1 : 0;
    long model = s.path("model_version").asLong();
    mixByModel.computeIfAbsent(model, m -> new long[3])[d]++;
    newestModel = Math.max(newestModel, model);
    if (nowMillis - kafkaMillis >= SECONDS * 1000L) {
      return; // read from the backlog: not live
    }
    int slot = slot(kafkaMillis);
    perSecond[slot][d]++;
    long eventMillis = eventMillis(s);
    if (eventMillis > 0 && kafkaMillis >= eventMillis && kafkaMillis - eventMillis < 3_600_000L) {
      latencySum[slot] += kafkaMillis - eventMillis;
      latencyCount[slot]++;
    }
    ticker.addFirst(s);
    while (ticker.size() > tickerPerTick) {
      ticker.removeLast();
    }
  }

  synchronized void alert(long kafkaMillis, long nowMillis) {
    if (nowMillis - kafkaMillis < SECONDS * 1000L) {
      perSecond[slot(kafkaMillis)][4]++;
    }
  }

  synchronized void deadLetter(long kafkaMillis, long nowMillis) {
    if (nowMillis - kafkaMillis < SECONDS * 1000L) {
      perSecond[slot(kafkaMillis)][3]++;
    }
  }

  synchronized void consumerLag(long lag) {
    consumerLag = lag;
  }

  /** The newest decisions since the last call, at most the per-tick cap (then emptied). */
  synchronized ArrayNode drainTicker() {
    ArrayNode a = Json.MAPPER.createArrayNode();
    for (JsonNode s : ticker) {
      ObjectNode o = a.addObject();
      for (String f :
          new String[] {
            "transaction_id", "card_id", "merchant_id", "amount", "score", "decision"
          }) {
        o.set(f, s.path(f));
      }
    }
    ticker.clear();
    return a;
  }

  /** The figures of the last minute (per second: the mean over the last 10 whole seconds). */
  synchronized ObjectNode snapshot(long nowMillis) {
    long now = nowMillis / 1000;
    long[] sums = new long[5];
    long latSum = 0;
    long latCount = 0;
    ArrayNode series = Json.MAPPER.createArrayNode();
    for (long sec = now - SECONDS + 1; sec <= now; sec++) {
      int slot = (int) Math.floorMod(sec, (long) SECONDS);
      boolean current = secondOf[slot] == sec;
      ArrayNode point = series.addArray().add(sec);
      for (int i = 0; i < 5; i++) {
        long v = current ? perSecond[slot][i] : 0;
        point.add(v);
        if (sec > now - 11 && sec < now) {
          sums[i] += v;
        }
      }
      if (current && sec > now - 11 && sec < now) {
        latSum += latencySum[slot];
        latCount += latencyCount[slot];
      }
    }
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("at", Instant.ofEpochMilli(nowMillis).toString());
    ObjectNode rate = o.putObject("per_second");
    for (int i = 0; i < 3; i++) {
      rate.put(DECISIONS[i].toLowerCase(java.util.Locale.ROOT), sums[i] / 10.0);
    }
    rate.put("decisions", (sums[0] + sums[1] + sums[2]) / 10.0);
    rate.put("dead_letters", sums[3] / 10.0);
    rate.put("alerts", sums[4] / 10.0);
    if (latCount > 0) {
      o.put("event_to_decision_ms", latSum / latCount);
    } else {
      o.putNull("event_to_decision_ms");
    }
    o.set("produce_to_decision_ms", produceLatency(nowMillis));
    o.put("model_version", newestModel);
    o.put("consumer_lag", consumerLag);
    ObjectNode mix = o.putObject("decisions_by_model");
    mixByModel.forEach(
        (m, c) ->
            mix.putObject(Long.toString(m))
                .put("APPROVE", c[0])
                .put("REVIEW", c[1])
                .put("BLOCK", c[2]));
    o.set("series", series);
    return o;
  }

  private void produceLatency(long decidedMillis, long producedMillis) {
    if (decidedMillis >= producedMillis) {
      long[] sample = produceLatency[(int) (produceLatencyCount++ % LATENCY_SAMPLES)];
      sample[0] = decidedMillis;
      sample[1] = decidedMillis - producedMillis;
    }
  }

  /** p50 and p99 of the produce-to-decision latencies of decisions of the last 10 s, or null. */
  private JsonNode produceLatency(long nowMillis) {
    int n = (int) Math.min(produceLatencyCount, LATENCY_SAMPLES);
    long[] recent = new long[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (produceLatency[i][0] > nowMillis - 10_000L) {
        recent[k++] = produceLatency[i][1];
      }
    }
    if (k == 0) {
      return Json.MAPPER.nullNode();
    }
    java.util.Arrays.sort(recent, 0, k);
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("p50", recent[(k - 1) / 2]);
    o.put("p99", recent[(int) Math.ceil(0.99 * k) - 1]);
    o.put("decisions", k);
    return o;
  }

  private int slot(long kafkaMillis) {
    long sec = kafkaMillis / 1000;
    int slot = (int) Math.floorMod(sec, (long) SECONDS);
    if (secondOf[slot] != sec) {
      secondOf[slot] = sec;
      java.util.Arrays.fill(perSecond[slot], 0);
      latencySum[slot] = 0;
      latencyCount[slot] = 0;
    }
    return slot;
  }

  private static long eventMillis(JsonNode s) {
    try {
      return Instant.parse(s.path("event_time").asText()).toEpochMilli();
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
