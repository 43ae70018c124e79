package dev.vigil.transforms.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasEntry;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class WriteToKafkaTest {
  private static WriteToKafka<String> write() {
    return WriteToKafka.<String>of(s -> s, s -> s).to("127.0.0.1:9092", "out");
  }

  @Test
  void producerSurvivesABrokerRestartByDefault() {
    Map<String, Object> config = write().producerConfig();
    assertThat(config, hasEntry(ProducerConfig.ACKS_CONFIG, "all"));
    assertThat(config, hasEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
    assertThat(config, hasEntry(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE));
    assertThat(config, hasEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000));
  }

  @Test
  void extraPropertiesWinOverTheDefaults() {
    Map<String, Object> config =
        write()
            .withProducerProperties(
                Map.of(ProducerConfig.ACKS_CONFIG, "1", "security.protocol", "SASL_SSL"))
            .producerConfig();
    assertThat(config.get(ProducerConfig.ACKS_CONFIG), equalTo("1"));
    assertThat(config.get("security.protocol"), equalTo("SASL_SSL"));
    assertThat(config, hasEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
  }

  @Test
  void theExactlyOnceSinksMetadataConsumerGetsTheClientsSecuritySettings() {
    Map<String, Object> settings =
        write()
            .withProducerProperties(
                Map.of(
                    "security.protocol",
                    "SASL_SSL",
                    "sasl.mechanism",
                    "SCRAM-SHA-512",
                    "sasl.jaas.config",
                    "${file:/secrets.properties:jaas}",
                    "ssl.truststore.location",
                    "/ca.p12",
                    "config.providers",
                    "file",
                    "config.providers.file.class",
                    "org.apache.kafka.common.config.provider.FileConfigProvider",
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.LINGER_MS_CONFIG,
                    5))
            .consumerSettings();
    assertThat(
        settings.keySet(),
        containsInAnyOrder(
            "security.protocol",
            "sasl.mechanism",
            "sasl.jaas.config",
            "ssl.truststore.location",
            "config.providers",
            "config.providers.file.class"));
  }
}
