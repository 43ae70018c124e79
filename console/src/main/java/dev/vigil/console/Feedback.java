package dev.vigil.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * What analysts confirmed, per model version: alerts raised, reviewed, confirmed fraud, found
 * legitimate; precision confirmed by analysts (fraud among the reviewed) and the false-positive
 * share (legitimate among the reviewed). Computed over the alerts the queue holds.
 */
final class Feedback {
  private Feedback() {}

  static ObjectNode of(AlertQueue queue) {
    Map<Long, long[]> byModel = new TreeMap<>(); // raised, fraud, legitimate
    for (AlertQueue.Entry e : queue.list(x -> true, 0, Integer.MAX_VALUE)) {
      long[] c = byModel.computeIfAbsent(e.alert.path("model_version").asLong(), m -> new long[3]);
      c[0]++;
      AlertQueue.Review r = e.review;
      if (r != null && "fraud".equals(r.verdict())) {
        c[1]++;
      } else if (r != null && "legitimate".equals(r.verdict())) {
        c[2]++;
      }
    }
    ObjectNode o = Json.MAPPER.createObjectNode();
    byModel.forEach(
        (model, c) -> {
          long reviewed = c[1] + c[2];
          ObjectNode m = o.putObject(Long.toString(model));
          m.put("alerts", c[0]);
          m.put("reviewed", reviewed);
          m.put("confirmed_fraud", c[1]);
          m.put("legitimate", c[2]);
          if (reviewed > 0) {
            m.put("precision_confirmed", (double) c[1] / reviewed);
            m.put("false_positive_share", (double) c[2] / reviewed);
          } else {
            m.putNull("precision_confirmed");
            m.putNull("false_positive_share");
          }
        });
    return o;
  }
}
