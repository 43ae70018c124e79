package dev.vigil.pipelines.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.transforms.io.RecoveringTransactionalProducer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On a real broker: what Beam's exactly-once sink meets when it reuses a producer after a failed
 * bundle (a transaction left open, a producer fenced by another with its transactional id), and how
 * {@link RecoveringTransactionalProducer} carries on; a {@code read_committed} consumer sees only
 * the committed records.
 */
@ExtendWith(KafkaServer.class)
class RecoveringTransactionalProducerIT {
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String topic = "rtp-" + run;

  private Map<String, Object> config(String transactionalId) {
    Map<String, Object> c = new HashMap<>();
    c.put("bootstrap.servers", KafkaServer.BOOTSTRAP);
    c.put("key.serializer", StringSerializer.class);
    c.put("value.serializer", StringSerializer.class);
    c.put("enable.idempotence", true);
    c.put("transactional.id", transactionalId);
    c.put("max.block.ms", 20_000);
    return c;
  }

  private ProducerRecord<String, String> record(String id) {
    return new ProducerRecord<>(topic, "k", "{\"transaction_id\":\"" + id + "\"}");
  }

  /** Commits like the sink: its progress as the sink group's offset metadata, then the commit. */
  private void commit(Producer<String, String> p, long seq) {
    p.sendOffsetsToTransaction(
        Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0L, "{\"seq\":" + seq + "}")),
        "sink-" + run);
    p.commitTransaction();
  }

  @Test
  void aReusedProducerAbortsWhatAFailedBundleLeftAndSurvivesFencing() throws Exception {
    StreamingChecks.createTopics(new NewTopic(topic, 1, (short) 1));

    // Kafka's own producer refuses a second begin inside a transaction: Beam's cached writer
    // meets exactly this after a failed bundle, and the job restarts on it again and again.
    try (KafkaProducer<String, String> plain = new KafkaProducer<>(config("plain-" + run))) {
      plain.initTransactions();
      plain.beginTransaction();
      plain.send(record("plain-open"));
      assertThrows(IllegalStateException.class, plain::beginTransaction);
      plain.abortTransaction();
    }

    RecoveringTransactionalProducer.Factory factory = new RecoveringTransactionalProducer.Factory();
    Producer<String, String> p = factory.apply(config("rtp-" + run));
    Producer<String, String> rival = factory.apply(config("rtp-" + run));
    try {
      p.initTransactions();
      p.beginTransaction();
      p.send(record("aborted-1"));
      p.flush(); // in the log, uncommitted
      // the bundle failed here; the next one begins on the same producer
      p.beginTransaction();
      p.send(record("kept-1"));
      commit(p, 1);

      // Another producer with the same transactional id (a second job, a zombie) fences it.
      rival.initTransactions();
      p.beginTransaction();
      p.send(record("fenced-1"));
      assertThrows(KafkaException.class, () -> commit(p, 2));
      // The next bundle: the producer is replaced, fencing the rival in turn.
      p.beginTransaction();
      p.send(record("kept-2"));
      commit(p, 2);
    } finally {
      p.close(Duration.ofSeconds(5));
      rival.close(Duration.ofSeconds(5));
    }

    Properties readCommitted = new Properties();
    readCommitted.put("isolation.level", "read_committed");
    List<String> ids =
        StreamingChecks.readUntil(topic, 2, Duration.ofSeconds(15), readCommitted).stream()
            .map(n -> n.get("transaction_id").asText())
            .toList();
    assertThat(ids, contains("kept-1", "kept-2"));
  }
}
