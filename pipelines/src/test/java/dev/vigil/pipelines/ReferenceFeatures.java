package dev.vigil.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deliberately naive, independent implementation of the feature definitions of
 * docs/architecture.md section 3, written straight from the text (quadratic, no state, no
 * eviction), to check the pipeline's output against.
 */
final class ReferenceFeatures {
  record Txn(
      String id, String card, String merchant, double amount, long t, Double lat, Double lon) {
    static Txn of(JsonNode n) {
      long t = eventTimeMillis(n);
      Double lat = n.hasNonNull("lat") ? n.get("lat").asDouble() : null;
      Double lon = n.hasNonNull("lon") ? n.get("lon").asDouble() : null;
      return new Txn(
          n.get("transaction_id").asText(),
          n.get("card_id").asText(),
          n.get("merchant_id").asText(),
          n.get("amount").asDouble(),
          t,
          lat,
          lon);
    }

    /** A record's {@code event_time}: epoch milliseconds or an ISO-8601 instant. */
    static long eventTimeMillis(JsonNode n) {
      JsonNode time = n.get("event_time");
      return time.isNumber() ? time.asLong() : Instant.parse(time.asText()).toEpochMilli();
    }

    boolean precedes(Txn o) {
      return t < o.t || (t == o.t && id.compareTo(o.id) < 0);
    }
  }

  static Map<String, Map<String, Double>> compute(List<Txn> all) {
    Map<String, List<Txn>> byCard = new HashMap<>();
    for (Txn x : all) {
      byCard.computeIfAbsent(x.card(), k -> new ArrayList<>()).add(x);
    }
    Map<String, Map<String, Double>> out = new HashMap<>();
    for (Txn x : all) {
      List<Txn> priors = new ArrayList<>();
      for (Txn p : byCard.get(x.card())) {
        if (p.precedes(x)) {
          priors.add(p);
        }
      }
      long hour = 3_600_000L;
      long day = 24 * hour;
      List<Txn> in1h = new ArrayList<>();
      List<Txn> in24h = new ArrayList<>();
      for (Txn p : priors) {
        if (x.t() - hour < p.t() && p.t() <= x.t()) {
          in1h.add(p);
        }
        if (x.t() - day < p.t() && p.t() <= x.t()) {
          in24h.add(p);
        }
      }
      double avg =
          in24h.isEmpty() ? 0 : in24h.stream().mapToDouble(Txn::amount).average().orElse(0);
      double ratio = (in24h.isEmpty() || avg == 0) ? 1 : x.amount() / avg;
      double secs =
          in24h.isEmpty()
              ? 86400
              : (x.t() - in24h.stream().mapToLong(Txn::t).max().getAsLong()) / 1000.0;
      Txn lastGeo = null;
      for (Txn p : in24h) {
        if (p.lat() != null && (lastGeo == null || lastGeo.precedes(p))) {
          lastGeo = p;
        }
      }
      double dist = 0;
      double speed = 0;
      if (x.lat() != null && lastGeo != null) {
        double p1 = Math.toRadians(lastGeo.lat());
        double p2 = Math.toRadians(x.lat());
        double dp = p2 - p1;
        double dl = Math.toRadians(x.lon() - lastGeo.lon());
        double a =
            Math.pow(Math.sin(dp / 2), 2)
                + Math.cos(p1) * Math.cos(p2) * Math.pow(Math.sin(dl / 2), 2);
        dist = 2 * 6371.0 * Math.asin(Math.min(1, Math.sqrt(a)));
        if (dist != 0) {
          double gapHours = Math.max(x.t() - lastGeo.t(), 60_000L) / 3_600_000.0;
          speed = dist / gapHours;
        }
      }
      Set<String> merchants = new HashSet<>();
      in1h.forEach(p -> merchants.add(p.merchant()));
      Map<String, Double> f = new LinkedHashMap<>();
      f.put("amount", x.amount());
      f.put("count_1h", (double) in1h.size());
      f.put("count_24h", (double) in24h.size());
      f.put("amount_avg_24h", avg);
      f.put("amount_ratio_24h", ratio);
      f.put("seconds_since_last", secs);
      f.put("distance_km_from_last", dist);
      f.put("speed_kmh_from_last", speed);
      f.put("distinct_merchants_1h", (double) merchants.size());
      out.put(x.id(), f);
    }
    return out;
  }

  private ReferenceFeatures() {}
}
