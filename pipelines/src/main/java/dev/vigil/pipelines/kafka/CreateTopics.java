package dev.vigil.pipelines.kafka;

import dev.vigil.pipelines.KafkaSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * {@code CreateTopics BOOTSTRAP_SERVERS NAME[:PARTITIONS[:compact]] ...}: creates the topics the
 * cluster does not have yet (replication factor 1, 2 partitions unless given) and waits until every
 * partition of every named topic has a leader. {@code ./vigil up} runs it for the topics Vigil
 * documents, so that a job can start before anything was produced (KafkaIO refuses a topic without
 * partitions) and no producer writes to a topic still being created.
 */
public final class CreateTopics {
  static final int DEFAULT_PARTITIONS = 2;

  private CreateTopics() {}

  public static void main(String[] argv) throws Exception {
    List<String> args = new ArrayList<>(List.of(argv));
    Map<String, Object> config = new HashMap<>();
    if (!args.isEmpty() && args.get(0).startsWith("--properties=")) {
      config.putAll(
          KafkaSettings.properties(args.remove(0).substring("--properties=".length()), null));
    }
    if (args.size() < 2) {
      System.err.println(
          "usage: CreateTopics [--properties=CLIENT_PROPERTIES] BOOTSTRAP_SERVERS"
              + " NAME[:PARTITIONS[:compact]] ...");
      System.exit(2);
    }
    List<NewTopic> topics = new ArrayList<>();
    for (int i = 1; i < args.size(); i++) {
      topics.add(parse(args.get(i)));
    }
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args.get(0));
    List<String> created = create(config, topics);
    System.err.println(
        "[kafka] topics ready on "
            + args.get(0)
            + ": "
            + topics.stream().map(t -> t.name() + " (" + t.numPartitions() + ")").toList()
            + (created.isEmpty() ? ", none new" : ", created " + created));
  }

  /**
   * {@code name}, {@code name:partitions} or {@code name:partitions:compact} (a compacted topic,
   * which keeps the latest record of each key: the card actions).
   */
  static NewTopic parse(String spec) {
    String[] parts = spec.split(":", -1);
    String name = parts[0];
    int partitions = DEFAULT_PARTITIONS;
    if (parts.length > 1) {
      try {
        partitions = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        partitions = 0;
      }
    }
    boolean compact = parts.length == 3 && parts[2].equals("compact");
    if (name.isEmpty() || partitions < 1 || parts.length > 3 || (parts.length == 3 && !compact)) {
      throw new IllegalArgumentException(
          "a topic is NAME, NAME:PARTITIONS or NAME:PARTITIONS:compact with PARTITIONS >= 1, got '"
              + spec
              + "'");
    }
    NewTopic topic = new NewTopic(name, partitions, (short) 1);
    return compact ? topic.configs(Map.of("cleanup.policy", "compact")) : topic;
  }

  /**
   * Creates the topics that do not exist yet and waits up to 30 s until every partition of every
   * one has a leader; returns the names it created.
   */
  public static List<String> create(String bootstrapServers, List<NewTopic> topics)
      throws InterruptedException, ExecutionException {
    return create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topics);
  }

  /**
   * As {@link #create(String, List)}, with the admin client's settings ({@code bootstrap.servers}
   * and, for a secured cluster, its security settings); calls time out after 30 s unless they say
   * otherwise.
   */
  public static List<String> create(Map<String, Object> adminConfig, List<NewTopic> topics)
      throws InterruptedException, ExecutionException {
    Map<String, Object> config = new HashMap<>(adminConfig);
    config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    try (Admin admin = Admin.create(config)) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
      List<String> created = new ArrayList<>();
      if (!missing.isEmpty()) {
        for (var e : admin.createTopics(missing).values().entrySet()) {
          try {
            e.getValue().get();
            created.add(e.getKey());
          } catch (ExecutionException ex) {
            if (!(ex.getCause() instanceof TopicExistsException)) {
              throw ex; // created meanwhile by someone else is fine
            }
          }
        }
      }
      awaitLeaders(admin, topics.stream().map(NewTopic::name).toList());
      return created;
    }
  }

  private static void awaitLeaders(Admin admin, List<String> names)
      throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      boolean led = true;
      try {
        for (var d : admin.describeTopics(names).allTopicNames().get().values()) {
          led &= d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        }
      } catch (ExecutionException e) {
        // Just created: the broker's metadata may not list the topic yet.
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
        led = false;
      }
      if (led) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topics without a leader after 30 s: " + names);
      }
      Thread.sleep(100);
    }
  }
}
