package dev.vigil.pipelines.sensors;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.pipelines.kafka.CassandraServer;
import dev.vigil.pipelines.kafka.KafkaServer;
import dev.vigil.pipelines.kafka.ServerScript;
import dev.vigil.pipelines.kafka.StreamingChecks;
import dev.vigil.transforms.io.cassandra.CassandraSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sensor pipeline as a stream on the embedded Flink: readings from a real Kafka topic (ending
 * with the seed's own example, {@code {"sensor_id": "sensor1", "value": 25.5}}, timestamped by
 * Kafka), anomalies to a Kafka topic and to Cassandra, dead letters to Kafka. Every anomaly of the
 * same readings run as a file is on the topic and in the table, with the same kind and score; every
 * malformed line is a dead letter.
 */
@ExtendWith({KafkaServer.class, CassandraServer.class})
class SensorKafkaIT {

  @Test
  void streamsReadingsFromKafkaToKafkaAndCassandra(@TempDir Path dir) throws Exception {
    SensorReadingGenerator.Stream stream =
        SensorReadingGenerator.of(23, 8, 3).withMalformedRate(0.01).generate();
    Path file = dir.resolve("readings.jsonl");
    Files.write(file, stream.lines());
    Map<String, String> reference =
        SensorChecks.referenceAnomalies(
            file, dir.resolve("reference"), "--runner=FlinkRunner", "--parallelism=2");
    assertThat(reference.size(), greaterThan(0));

    String tag = UUID.randomUUID().toString().substring(0, 8);
    String input = "temperature_data-" + tag;
    String anomaliesTopic = "sensor_anomalies-" + tag;
    String deadTopic = "sensor_deadletter-" + tag;
    String keyspace = "vigil_" + tag;
    StreamingChecks.createTopics(
        new NewTopic(input, 1, (short) 1),
        new NewTopic(anomaliesTopic, 1, (short) 1),
        new NewTopic(deadTopic, 1, (short) 1));
    CassandraSchema.apply(
        List.of(CassandraServer.HOST),
        CassandraServer.PORT,
        keyspace,
        ServerScript.ROOT.resolve("scripts/schema.cql"));
    SensorChecks.produceWithSeedExample(input, stream.lines());

    SensorOptions options =
        PipelineOptionsFactory.fromArgs(
                "--runner=FlinkRunner",
                "--attachedMode=false",
                "--parallelism=2",
                "--checkpointingInterval=2000",
                "--source=KAFKA",
                "--bootstrapServers=" + KafkaServer.BOOTSTRAP,
                "--inputTopic=" + input,
                "--consumerGroup=sensors-" + tag,
                "--outputs=KAFKA",
                "--anomaliesTopic=" + anomaliesTopic,
                "--deadLetterTopic=" + deadTopic,
                "--cassandraHosts=" + CassandraServer.HOST,
                "--cassandraPort=" + CassandraServer.PORT,
                "--cassandraKeyspace=" + keyspace,
                "--model=" + SensorPipelineTest.MODEL)
            .as(SensorOptions.class);
    PipelineResult result = SensorPipeline.run(options);
    try {
      List<JsonNode> anomalies =
          StreamingChecks.readUntil(anomaliesTopic, reference.size(), Duration.ofMinutes(2));
      Map<String, String> onTopic = SensorChecks.verdicts(anomalies);
      assertThat("anomalies on Kafka", onTopic, equalTo(reference));

      List<JsonNode> dead =
          StreamingChecks.readUntil(deadTopic, stream.malformed(), Duration.ofMinutes(1));
      assertThat("dead letters", dead.size(), equalTo(stream.malformed()));
      for (JsonNode d : dead) {
        assertThat(d.get("stage").asText(), equalTo(SensorPipeline.PARSE_STAGE));
        assertThat(d.get("source").asText().startsWith("kafka:" + input + "/"), equalTo(true));
      }

      Map<String, String> inCassandra =
          StreamingChecks.eventuallyMatching(
              () -> SensorChecks.cassandraAnomalies(keyspace), rows -> rows.equals(reference));
      assertThat("anomalies in Cassandra", inCassandra, equalTo(reference));
    } finally {
      StreamingChecks.cancel(result);
    }
  }
}
