package dev.vigil.console;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.model.Alert;
import dev.vigil.model.DecidedTransaction;
import dev.vigil.pipelines.KafkaSettings;
import dev.vigil.pipelines.kafka.CreateTopics;
import dev.vigil.pipelines.kafka.SecureCassandraServer;
import dev.vigil.pipelines.kafka.SecureKafkaServer;
import dev.vigil.pipelines.kafka.StreamingChecks;
import dev.vigil.testing.Txns;
import dev.vigil.transforms.io.JsonFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console against the secure stack ({@code ./vigil up --secure}): a Kafka whose only listener
 * is SASL_SSL and a Cassandra that takes only TLS clients that sign in, reached with {@code
 * --kafkaPropertiesFile} and {@code --cassandraPropertiesFile} (secrets by reference). An alert on
 * the topic reaches the queue, a claim is written to Cassandra, a verdict's label to Kafka.
 */
@ExtendWith({SecureKafkaServer.class, SecureCassandraServer.class})
class ConsoleSecureIT {
  private static final int PORT = 18091;

  private static Properties kafkaClient() {
    Properties p = new Properties();
    p.putAll(KafkaSettings.properties(SecureKafkaServer.CLIENT_PROPERTIES.toString(), null));
    p.put("bootstrap.servers", SecureKafkaServer.BOOTSTRAP);
    return p;
  }

  @Test
  void analystsWorkTheQueueOverSaslSslAndCassandraTls(@TempDir Path dir) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    CreateTopics.main(
        new String[] {
          "--properties=" + SecureKafkaServer.CLIENT_PROPERTIES,
          SecureKafkaServer.BOOTSTRAP,
          "alerts-" + run,
          "scored-" + run,
          "dead-" + run,
          "labels-" + run
        });
    DecidedTransaction decided =
        Txns.decided(Txns.txn("t-" + run, "card-S", "m-1", 950, System.currentTimeMillis()), 0.97);
    Properties producer = kafkaClient();
    producer.put("key.serializer", StringSerializer.class.getName());
    producer.put("value.serializer", StringSerializer.class.getName());
    try (KafkaProducer<String, String> p = new KafkaProducer<>(producer)) {
      p.send(new ProducerRecord<>("scored-" + run, "card-S", JsonFormat.decided(decided))).get();
      p.send(new ProducerRecord<>("alerts-" + run, "card-S", JsonFormat.alert(Alert.of(decided))))
          .get();
    }
    Path users = dir.resolve("users");
    Files.write(users, List.of(Users.hashLine("alice", "alice-password".toCharArray())));
    List<String> args =
        new ArrayList<>(
            List.of(
                "--port=" + PORT,
                "--usersFile=" + users,
                "--bootstrapServers=" + SecureKafkaServer.BOOTSTRAP,
                "--kafkaPropertiesFile=" + SecureKafkaServer.CLIENT_PROPERTIES,
                "--cassandraHost=" + SecureCassandraServer.HOST,
                "--cassandraPort=" + SecureCassandraServer.PORT,
                "--cassandraPropertiesFile=" + SecureCassandraServer.CLIENT_PROPERTIES,
                "--keyspace=console_secure_" + run));
    args.addAll(ConsoleStack.topics(run));
    try (Console console = Console.start(args.toArray(String[]::new))) {
      ConsoleIT.Browser alice = new ConsoleIT.Browser(console.port());
      alice.signIn("alice", "alice-password");
      String alertId = "alert-t-" + run;
      JsonNode alert = ConsoleIT.awaitAlert(alice, alertId, Duration.ofMinutes(1));
      assertThat(alert.get("card_id").asText(), equalTo("card-S"));
      assertThat(
          "the claim is a Cassandra write over TLS, signed in",
          alice
              .ok(alice.post("/api/alerts/" + alertId + "/claim", "{}"))
              .get("claimed_by")
              .asText(),
          equalTo("alice"));
      alice.ok(alice.post("/api/alerts/" + alertId + "/label", "{\"verdict\":\"fraud\"}"));
      List<JsonNode> labels =
          StreamingChecks.readUntil("labels-" + run, 1, Duration.ofSeconds(30), kafkaClient());
      assertThat(
          "the label went to Kafka over SASL_SSL",
          labels.get(0).get("transaction_id").asText(),
          equalTo("t-" + run));
    }

    // Without the Cassandra settings the console does not start against the TLS-only node.
    List<String> plain =
        args.stream().filter(a -> !a.startsWith("--cassandraPropertiesFile")).toList();
    Exception refused =
        assertThrows(Exception.class, () -> Console.start(plain.toArray(String[]::new)).close());
    assertThat(refused.toString(), containsString(":" + SecureCassandraServer.PORT));
  }
}
