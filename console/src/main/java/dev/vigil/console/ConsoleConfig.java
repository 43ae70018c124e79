package dev.vigil.console;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The console's settings, from {@code --name=value} arguments ({@code ./vigil console --help}).
 * Every name has a default that reads the stack {@code ./vigil up} starts.
 */
record ConsoleConfig(
    String host,
    int port,
    Path usersFile,
    String bootstrapServers,
    String kafkaPropertiesFile,
    String cassandraHost,
    int cassandraPort,
    String cassandraPropertiesFile,
    String keyspace,
    String alertsTopic,
    String scoredTopic,
    String deadLetterTopic,
    String merchantWindowsTopic,
    String labelsTopic,
    String cardActionsTopic,
    String inputTopic,
    String consumerGroup,
    int maxAlerts,
    int tickerPerSecond,
    int sessionIdleMinutes) {

  /** Names, defaults and descriptions, in the order help lists them. */
  static final Map<String, String[]> OPTIONS = new LinkedHashMap<>();

  static {
    opt("host", "127.0.0.1", "Address to listen on; any other than loopback needs --usersFile.");
    opt("port", "8080", "HTTP port.");
    opt(
        "usersFile",
        "",
        "Analysts who may sign in, one name:hash line each (./vigil console --hashPassword=NAME"
            + " makes a line). Without it, on loopback only, one user 'analyst' with a random"
            + " password printed at start.");
    opt("bootstrapServers", "127.0.0.1:9092", "Kafka bootstrap servers.");
    opt(
        "kafkaPropertiesFile",
        "",
        "Kafka client properties for every console client (e.g. SASL_SSL; secrets by reference"
            + " through Kafka's config providers), as the pipeline's --kafkaPropertiesFile.");
    opt("cassandraHost", "127.0.0.1", "Cassandra contact point.");
    opt("cassandraPort", "9042", "Cassandra native port.");
    opt(
        "cassandraPropertiesFile",
        "",
        "Cassandra client settings (username, password, ssl.*; ${file:PATH:KEY} and ${env:NAME}"
            + " references), as the pipeline's --cassandraPropertiesFile.");
    opt("keyspace", "vigil", "Cassandra keyspace of the pipeline's tables and the console's.");
    opt("alertsTopic", "alerts", "Topic of the pipeline's alerts (read from its start).");
    opt("scoredTopic", "scored", "Topic of the pipeline's decisions (read from its start).");
    opt("deadLetterTopic", "deadletter", "Topic of the pipeline's dead letters.");
    opt("merchantWindowsTopic", "merchant_windows", "Topic of the pipeline's merchant windows.");
    opt("labelsTopic", "labels", "Topic the console writes analysts' labels to.");
    opt("cardActionsTopic", "card-actions", "Compacted topic the console writes blocks to.");
    opt("inputTopic", "transactions", "The pipeline's input topic (for its consumer lag).");
    opt("consumerGroup", "vigil", "The pipeline's consumer group (for its consumer lag).");
    opt("maxAlerts", "200000", "Alerts kept in the queue; the oldest leave first past it.");
    opt("tickerPerSecond", "20", "Most decisions per second sent to each page's live ticker.");
    opt("sessionIdleMinutes", "30", "A session ends after this long without a request.");
  }

  private static void opt(String name, String def, String description) {
    OPTIONS.put(name, new String[] {def, description});
  }

  static ConsoleConfig parse(String... args) {
    Map<String, String> v = new LinkedHashMap<>();
    OPTIONS.forEach((k, d) -> v.put(k, d[0]));
    for (String a : args) {
      int eq = a.indexOf('=');
      String name = a.startsWith("--") && eq > 2 ? a.substring(2, eq) : null;
      if (name == null || !OPTIONS.containsKey(name)) {
        throw new IllegalArgumentException(
            "unknown argument '" + a + "' (./vigil console --help lists the options)");
      }
      v.put(name, a.substring(eq + 1));
    }
    ConsoleConfig c =
        new ConsoleConfig(
            v.get("host"),
            integer(v, "port"),
            v.get("usersFile").isBlank() ? null : Path.of(v.get("usersFile")),
            v.get("bootstrapServers"),
            v.get("kafkaPropertiesFile"),
            v.get("cassandraHost"),
            integer(v, "cassandraPort"),
            v.get("cassandraPropertiesFile"),
            v.get("keyspace"),
            v.get("alertsTopic"),
            v.get("scoredTopic"),
            v.get("deadLetterTopic"),
            v.get("merchantWindowsTopic"),
            v.get("labelsTopic"),
            v.get("cardActionsTopic"),
            v.get("inputTopic"),
            v.get("consumerGroup"),
            integer(v, "maxAlerts"),
            integer(v, "tickerPerSecond"),
            integer(v, "sessionIdleMinutes"));
    if (c.usersFile == null && !c.loopback()) {
      throw new IllegalArgumentException(
          "--host="
              + c.host
              + " is not a loopback address: pass --usersFile (no default password off loopback)");
    }
    for (String file : List.of(c.kafkaPropertiesFile, c.cassandraPropertiesFile)) {
      if (!file.isBlank() && !Files.isReadable(Path.of(file))) {
        throw new IllegalArgumentException(
            "the client settings file "
                + file
                + " cannot be read (./vigil up --secure writes them under .work/)");
      }
    }
    if (!c.keyspace.matches("[A-Za-z][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("--keyspace must be a CQL identifier, got " + c.keyspace);
    }
    return c;
  }

  /**
   * Properties for a Kafka client of the console: {@code bootstrap.servers} and the entries of
   * {@code --kafkaPropertiesFile}, read now (their references are resolved by the client).
   */
  Properties kafkaClient() {
    Properties p = new Properties();
    if (!kafkaPropertiesFile.isBlank()) {
      try (Reader r = Files.newBufferedReader(Path.of(kafkaPropertiesFile))) {
        p.load(r);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "--kafkaPropertiesFile=" + kafkaPropertiesFile + " cannot be read: " + e.getMessage(),
            e);
      }
    }
    p.put("bootstrap.servers", bootstrapServers);
    return p;
  }

  boolean loopback() {
    return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
  }

  private static int integer(Map<String, String> v, String name) {
    try {
      int i = Integer.parseInt(v.get(name));
      if (i <= 0) {
        throw new NumberFormatException();
      }
      return i;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--" + name + " must be a positive integer, got '" + v.get(name) + "'");
    }
  }

  static String help() {
    StringBuilder b =
        new StringBuilder(
            "Usage: ./vigil console [--name=value ...]   |   ./vigil console --hashPassword=NAME\n"
                + "The analyst console (docs/console.md) over the stack ./vigil up starts.\n\n");
    OPTIONS.forEach(
        (k, d) ->
            b.append(
                String.format(
                    "  --%-20s %s%s%n", k, d[1], d[0].isEmpty() ? "" : " Default: " + d[0])));
    return b.toString();
  }
}
