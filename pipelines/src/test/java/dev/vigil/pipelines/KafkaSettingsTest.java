package dev.vigil.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSettingsTest {
  @Test
  void aPropertiesFileIsReadAndEntriesOverrideIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(
        file,
        "# comment\n"
            + "security.protocol=SASL_SSL\n"
            + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"${file:/s.properties:user}\" password=\"${file:/s.properties:pw}\";\n"
            + "acks=1\n");
    Map<String, Object> p = KafkaSettings.properties(file.toString(), List.of("acks=all"));
    assertThat(p.get("security.protocol"), equalTo("SASL_SSL"));
    assertThat(p.get("acks"), equalTo("all"));
    assertThat(p.get("sasl.jaas.config").toString(), containsString("${file:/s.properties:pw}"));
    assertThat(KafkaSettings.plainSecrets(p), equalTo(List.of()));
  }

  @Test
  void anUnreadableFileFailsNamingTheOption(@TempDir Path dir) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> KafkaSettings.properties(dir.resolve("missing").toString(), null));
    assertThat(e.getMessage(), containsString("--kafkaPropertiesFile="));
  }

  @Test
  void plainSecretsAreNamedByKeyOnly() {
    Map<String, Object> p =
        Map.of(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\""
                + " password=\"hunter2\";",
            "ssl.truststore.password",
            "hunter3",
            "ssl.keystore.password",
            "${file:/s:ks}",
            "security.protocol",
            "SASL_SSL");
    assertThat(
        KafkaSettings.plainSecrets(p),
        equalTo(List.of("sasl.jaas.config", "ssl.truststore.password")));
  }

  @Test
  void connectionFailuresSayWhatToFix() {
    assertThat(
        KafkaSettings.connectionFailure(
            "Kafka at h:1", new SaslAuthenticationException("invalid credentials")),
        containsString("Kafka at h:1 refused the credentials (invalid credentials): check"));
    assertThat(
        KafkaSettings.connectionFailure(
            "Kafka at h:1", new java.util.concurrent.TimeoutException()),
        containsString("is it running (./vigil up)"));
  }
}
