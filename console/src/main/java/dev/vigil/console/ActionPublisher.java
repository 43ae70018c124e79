package dev.vigil.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes analysts' decisions where the pipeline reads them: labels on the labels topic (the
 * detection issue's label record, {@code source: "analyst"}) and blocks on the compacted
 * card-actions topic, keyed by card. Each send waits for the broker's acknowledgement, so an action
 * the console reports done is in Kafka.
 */
final class ActionPublisher implements AutoCloseable {
  private final KafkaProducer<String, String> producer;
  private final ConsoleConfig config;

  ActionPublisher(ConsoleConfig config) {
    this.config = config;
    Properties p = config.kafkaClient();
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    p.put("acks", "all");
    p.put("max.block.ms", "10000");
    p.put("delivery.timeout.ms", "15000");
    p.put("request.timeout.ms", "10000");
    producer = new KafkaProducer<>(p);
  }

  /** The label record for a transaction, as {@code ParseLabels} reads it. */
  static ObjectNode label(
      String transactionId,
      String cardId,
      String merchantId,
      boolean fraud,
      Instant labelledAt,
      String eventTime,
      String analyst) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("transaction_id", transactionId);
    o.put("card_id", cardId);
    o.put("merchant_id", merchantId);
    o.put("label", fraud ? 1 : 0);
    o.put("labelled_at", labelledAt.toString());
    o.put("source", "analyst");
    o.put("event_time", eventTime);
    o.put("analyst", analyst);
    return o;
  }

  /** The card action record, as {@code ParseCardActions} reads it. */
  static ObjectNode cardAction(
      String cardId, boolean block, Instant at, String analyst, String note) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("card_id", cardId);
    o.put("action", block ? "BLOCK" : "UNBLOCK");
    o.put("at", at.toString());
    o.put("analyst", analyst);
    if (note != null && !note.isBlank()) {
      o.put("note", note);
    }
    return o;
  }

  void sendLabel(ObjectNode label) throws ActionFailedException {
    send(config.labelsTopic(), label.path("transaction_id").asText(), label);
  }

  void sendCardAction(ObjectNode action) throws ActionFailedException {
    send(config.cardActionsTopic(), action.path("card_id").asText(), action);
  }

  private void send(String topic, String key, ObjectNode value) throws ActionFailedException {
    try {
      producer.send(new ProducerRecord<>(topic, key, Json.write(value))).get(20, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new ActionFailedException(
          "Kafka did not take the record on " + topic + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ActionFailedException("interrupted while writing to " + topic, e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }

  /** An action that could not be written; nothing of it was recorded. */
  static final class ActionFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    ActionFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
