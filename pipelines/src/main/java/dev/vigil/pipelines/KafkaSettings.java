package dev.vigil.pipelines;

import dev.vigil.model.DeadLetter;
import dev.vigil.pipelines.kafka.CreateTopics;
import dev.vigil.transforms.io.ReadJsonFromKafka;
import dev.vigil.transforms.io.WriteToKafka;
import dev.vigil.transforms.parse.TransactionJson;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns {@link FraudDetectionOptions} into Vigil's Kafka transforms. */
public final class KafkaSettings {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSettings.class);

  private KafkaSettings() {}

  /**
   * The Kafka client properties: {@code --kafkaPropertiesFile}'s, then {@code --kafkaProperties}
   * (which win); fails with what to fix on a malformed entry or an unreadable file.
   */
  public static Map<String, Object> properties(KafkaOptions o) {
    return properties(o.getKafkaPropertiesFile(), o.getKafkaProperties());
  }

  /** As {@link #properties(KafkaOptions)}, from a properties file and key=value entries. */
  public static Map<String, Object> properties(
      @Nullable String file, @Nullable List<String> entries) {
    Map<String, Object> props = new HashMap<>();
    if (file != null && !file.isBlank()) {
      Properties loaded = new Properties();
      try (Reader in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
        loaded.load(in);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "--kafkaPropertiesFile=" + file + " cannot be read (" + e + "): give a readable file",
            e);
      }
      loaded.forEach((k, v) -> props.put(k.toString().trim(), v.toString().trim()));
    }
    if (entries != null) {
      for (String e : entries) {
        int eq = e.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              "--kafkaProperties entries must be key=value, got \"" + e + "\"");
        }
        props.put(e.substring(0, eq).trim(), e.substring(eq + 1).trim());
      }
    }
    return props;
  }

  /**
   * The names of the properties that look like secrets given in plain text (a key naming a password
   * or a JAAS configuration holding {@code password=} without a {@code ${...}} reference): they
   * would be copied into the job graph, its display data and its checkpoints.
   */
  static List<String> plainSecrets(Map<String, Object> props) {
    List<String> plain = new ArrayList<>();
    props.forEach(
        (k, v) -> {
          String value = String.valueOf(v);
          boolean secret =
              k.endsWith(".password")
                  ? !value.isEmpty()
                  : k.endsWith("sasl.jaas.config") && value.contains("password=");
          if (secret && !value.contains("${")) {
            plain.add(k);
          }
        });
    plain.sort(null);
    return plain;
  }

  /**
   * Connects to the cluster before the job is built: a refused password, a failed TLS handshake, an
   * unresolvable secret reference or an unreachable broker fails here within seconds, with what to
   * fix, instead of deep inside a running job. Warns (naming the keys, never the values) about
   * secrets given in plain text.
   */
  static void checkConnection(KafkaOptions o) {
    Map<String, Object> config = adminConfig(o);
    List<String> plain = plainSecrets(config);
    if (!plain.isEmpty()) {
      LOG.warn(
          "Kafka properties {} hold a secret in plain text: it will be copied into the job graph,"
              + " its display data and its checkpoints; reference it instead, e.g."
              + " ${{file:/path/secrets.properties:key}} with config.providers=file"
              + " (docs/security.md)",
          plain);
    }
    config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
    String where = "Kafka at " + o.getBootstrapServers();
    try (Admin admin = Admin.create(config)) {
      admin.describeCluster().nodes().get(25, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(connectionFailure(where, e.getCause()), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(connectionFailure(where, e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while connecting to " + where, e);
    } catch (KafkaException e) { // the client could not even be made: its configuration
      throw new IllegalStateException(
          "the Kafka client configuration for "
              + where
              + " is invalid ("
              + rootMessage(e)
              + "): check --kafkaPropertiesFile and --kafkaProperties, and that every ${...}"
              + " reference names a readable file and key",
          e);
    }
  }

  /** An admin client's settings: the client properties and the bootstrap servers. */
  private static Map<String, Object> adminConfig(KafkaOptions o) {
    Map<String, Object> config = new HashMap<>(properties(o));
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.getBootstrapServers());
    return config;
  }

  static String connectionFailure(String where, Throwable cause) {
    if (cause instanceof SaslAuthenticationException) {
      return where
          + " refused the credentials ("
          + cause.getMessage()
          + "): check the user and password that sasl.jaas.config gives (in --kafkaPropertiesFile"
          + " or --kafkaProperties, or the secrets file it references)";
    }
    if (cause instanceof SslAuthenticationException) {
      return "the TLS handshake with "
          + where
          + " failed ("
          + rootMessage(cause)
          + "): check ssl.truststore.location and its password, and that the broker's"
          + " certificate names the host you connect to";
    }
    if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
      return where + " refused the connection (" + cause.getMessage() + "): check the credentials";
    }
    return "no answer from "
        + where
        + " ("
        + cause
        + "): is it running (./vigil up), and does security.protocol match its listener"
        + " (PLAINTEXT, or SASL_SSL for ./vigil up --secure)?";
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null) { // null also for a Throwable that is its own cause
      root = root.getCause();
    }
    return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + ": " + root;
  }

  /**
   * A dead letter's Kafka key: the {@code card_id} in its raw payload if one can be read, else its
   * source.
   */
  static String deadLetterKey(DeadLetter d) {
    String card = TransactionJson.peekCardId(d.getRaw());
    return card == null || card.isEmpty() ? d.getSource() : card;
  }

  static ReadJsonFromKafka read(FraudDetectionOptions o) {
    ReadJsonFromKafka read =
        ReadJsonFromKafka.from(o.getBootstrapServers(), o.getInputTopic())
            .withConsumerGroup(o.getConsumerGroup())
            .withConsumerProperties(properties(o))
            .withMaxOutOfOrderness(Duration.standardSeconds(o.getMaxOutOfOrdernessSeconds()));
    return o.getMaxReadRecords() > 0 ? read.withMaxNumRecords(o.getMaxReadRecords()) : read;
  }

  /**
   * Creates {@code topic} (one partition, with {@code configs}) when the cluster does not have it:
   * a pipeline reads the labels and card-actions topics from their start, and KafkaIO refuses a
   * topic without partitions, while nothing may have been sent yet ({@link CreateTopics}, which
   * also waits for its leader). Fails with what to do when the topic can be neither found nor
   * created (for example without the ACL to create topics); {@code what} names the topic's role and
   * {@code alternatives} the options that avoid it.
   */
  static void ensureTopic(
      FraudDetectionOptions o,
      String topic,
      Map<String, String> configs,
      String what,
      String alternatives) {
    try {
      NewTopic wanted = new NewTopic(topic, 1, (short) 1).configs(configs);
      if (!CreateTopics.create(adminConfig(o), List.of(wanted)).isEmpty()) {
        LOG.info("created the Kafka topic '{}' (1 partition, {}) for {}", topic, configs, what);
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException(cannotEnsure(o, topic, what, alternatives, e.getCause()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(cannotEnsure(o, topic, what, alternatives, e), e);
    } catch (IllegalStateException e) { // no leader within 30 s
      throw new IllegalStateException(cannotEnsure(o, topic, what, alternatives, e), e);
    }
  }

  /** {@link #ensureTopic} for the labels topic. */
  static void ensureLabelsTopic(FraudDetectionOptions o) {
    ensureTopic(
        o,
        o.getLabelsTopic(),
        Map.of(),
        "labels",
        "--labelsTopic=<an existing topic> or --labelsFile");
  }

  /** {@link #ensureTopic} for the card-actions topic: compacted, the latest action per card. */
  static void ensureCardActionsTopic(FraudDetectionOptions o) {
    ensureTopic(
        o,
        o.getCardActionsTopic(),
        Map.of("cleanup.policy", "compact"),
        "card actions",
        "--cardActionsTopic=<an existing topic>, --cardActionsTopic= (none) or --cardActionsFile");
  }

  private static String cannotEnsure(
      FraudDetectionOptions o, String topic, String what, String alternatives, Throwable cause) {
    return "cannot find or create the "
        + what
        + " topic '"
        + topic
        + "' on "
        + o.getBootstrapServers()
        + " ("
        + cause
        + "): create it, or pass "
        + alternatives;
  }

  /** The card-actions topic, timestamped by each action's time, in its own consumer group. */
  static ReadJsonFromKafka readCardActions(FraudDetectionOptions o) {
    ReadJsonFromKafka read =
        ReadJsonFromKafka.from(o.getBootstrapServers(), o.getCardActionsTopic())
            .withConsumerProperties(properties(o))
            .withTimeField("at")
            .withMaxOutOfOrderness(Duration.standardSeconds(o.getMaxOutOfOrdernessSeconds()));
    return o.getConsumerGroup() == null
        ? read
        : read.withConsumerGroup(o.getConsumerGroup() + "-card-actions");
  }

  /** The labels topic, timestamped by labelled_at, in its own consumer group. */
  static ReadJsonFromKafka readLabels(FraudDetectionOptions o) {
    ReadJsonFromKafka read =
        ReadJsonFromKafka.from(o.getBootstrapServers(), o.getLabelsTopic())
            .withConsumerProperties(properties(o))
            .withTimeField("labelled_at")
            .withMaxOutOfOrderness(Duration.standardSeconds(o.getMaxOutOfOrdernessSeconds()));
    return o.getConsumerGroup() == null
        ? read
        : read.withConsumerGroup(o.getConsumerGroup() + "-labels");
  }

  static <T> WriteToKafka<T> write(
      FraudDetectionOptions o,
      String topic,
      SerializableFunction<T, String> format,
      SerializableFunction<T, String> key) {
    WriteToKafka<T> write =
        WriteToKafka.of(format, key)
            .to(o.getBootstrapServers(), topic)
            .withProducerProperties(properties(o));
    return o.getKafkaExactlyOnce()
        ? write.withExactlyOnce(1, o.getConsumerGroup() + "-" + topic)
        : write;
  }
}
