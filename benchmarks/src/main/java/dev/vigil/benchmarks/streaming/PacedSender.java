package dev.vigil.benchmarks.streaming;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Sends generated transactions to a topic at a fixed rate, keyed by card. */
public final class PacedSender {
  private static final Pattern EVENT_TIME = Pattern.compile("\"event_time\":\"[^\"]*\"");

  private PacedSender() {}

  /**
   * Sends {@code lines} at {@code rate} per second; records each send time in {@code sent} when
   * given; with {@code eventTimeNow} each record's {@code event_time} becomes its send time (a live
   * stream, as users run it).
   */
  public static void send(
      KafkaProducer<String, String> producer,
      String topic,
      List<String> lines,
      int rate,
      Map<String, Long> sent,
      boolean eventTimeNow)
      throws InterruptedException {
    long begin = System.nanoTime();
    for (int i = 0; i < lines.size(); i++) {
      long due = begin + (long) (i * 1e9 / rate);
      long wait = due - System.nanoTime();
      if (wait > 200_000) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      long now = System.currentTimeMillis();
      String line = eventTimeNow ? withEventTime(lines.get(i), now) : lines.get(i);
      if (sent != null) {
        sent.put(BenchKafka.transactionIdOf(line), now);
      }
      producer.send(new ProducerRecord<>(topic, BenchKafka.cardOf(line), line));
    }
  }

  /** {@code line} with its {@code event_time} set to {@code millis} (unchanged without one). */
  static String withEventTime(String line, long millis) {
    Matcher m = EVENT_TIME.matcher(line);
    return m.find()
        ? line.substring(0, m.start())
            + "\"event_time\":\""
            + Instant.ofEpochMilli(millis)
            + "\""
            + line.substring(m.end())
        : line;
  }
}
