package dev.vigil.pipelines.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link CreateTopics} ({@code ./vigil up}'s topics) against a real broker. */
@ExtendWith(KafkaServer.class)
class CreateTopicsIT {
  @Test
  void createsTheMissingTopicsWithTheirPartitionsOnceAndWaitsForLeaders() throws Exception {
    String a = "ct-" + UUID.randomUUID().toString().substring(0, 8);
    String b = a + "-labels";
    String c = a + "-card-actions";
    List<NewTopic> topics =
        List.of(
            CreateTopics.parse(a),
            CreateTopics.parse(b + ":1"),
            CreateTopics.parse(c + ":1:compact"));
    assertThat(CreateTopics.create(KafkaServer.BOOTSTRAP, topics), containsInAnyOrder(a, b, c));
    try (Admin admin =
        Admin.create(Map.<String, Object>of("bootstrap.servers", KafkaServer.BOOTSTRAP))) {
      Map<String, TopicDescription> d = admin.describeTopics(List.of(a, b)).allTopicNames().get();
      assertThat(d.get(a).partitions().size(), equalTo(2));
      assertThat(d.get(b).partitions().size(), equalTo(1));
      for (TopicDescription t : d.values()) {
        t.partitions().forEach(p -> assertThat(p.leader() != null, equalTo(true)));
      }
      ConfigResource actions = new ConfigResource(ConfigResource.Type.TOPIC, c);
      Config config = admin.describeConfigs(List.of(actions)).all().get().get(actions);
      assertThat(config.get("cleanup.policy").value(), equalTo("compact"));
    }
    // Again: nothing to create (./vigil up twice).
    assertThat(CreateTopics.create(KafkaServer.BOOTSTRAP, topics), empty());
  }

  @Test
  void refusesAMalformedTopicSpecWithWhatItExpects() {
    Exception e =
        assertThrows(IllegalArgumentException.class, () -> CreateTopics.parse("scored:zero"));
    assertThat(e.getMessage(), containsString("NAME, NAME:PARTITIONS or NAME:PARTITIONS:compact"));
    assertThrows(IllegalArgumentException.class, () -> CreateTopics.parse("actions:1:delete"));
    assertThrows(IllegalArgumentException.class, () -> CreateTopics.parse(":2"));
    assertThat(CreateTopics.parse("scored").numPartitions(), equalTo(2));
  }
}
