package dev.vigil.pipelines.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code ./vigil tail TOPIC [bootstrap]}: prints a topic's records as they arrive (new ones only).
 */
public final class TailTopic {
  private TailTopic() {}

  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println(
          "usage: ./vigil tail TOPIC [BOOTSTRAP_SERVERS]   e.g. ./vigil tail alerts");
      System.exit(2);
    }
    Properties p = new Properties();
    p.put("bootstrap.servers", args.length > 1 ? args[1] : "127.0.0.1:9092");
    p.put("group.id", "vigil-tail-" + UUID.randomUUID());
    p.put("auto.offset.reset", "latest");
    p.put("key.deserializer", StringDeserializer.class.getName());
    p.put("value.deserializer", StringDeserializer.class.getName());
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(args[0]));
      System.err.println("[tail] following " + args[0] + " (Ctrl-C to stop)");
      while (true) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          System.out.println(r.value());
        }
      }
    }
  }
}
