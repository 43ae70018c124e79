package dev.vigil.pipelines.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.pipelines.generate.GenerateTransactions;
import dev.vigil.pipelines.generate.TransactionGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./vigil produce} sends a JSON Lines file, or the generator's stream, into a topic. */
@ExtendWith(KafkaServer.class)
class ProduceTransactionsIT {

  @Test
  void sendsEveryLineOfAFileAndTheGeneratorsStream(@TempDir Path dir) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Path file = dir.resolve("in.jsonl");
    List<String> lines =
        TransactionGenerator.builder().seed(3).transactions(250).cards(20).days(1).build().lines();
    GenerateTransactions.write(lines, file);
    ProduceTransactions.main(
        new String[] {
          "--bootstrapServers=" + KafkaServer.BOOTSTRAP,
          "--topic=file-" + run,
          "--input=" + file,
          "--rate=0"
        });
    List<JsonNode> fromFile =
        StreamingChecks.readUntil("file-" + run, lines.size(), Duration.ofSeconds(30));
    Set<String> ids = new HashSet<>();
    fromFile.forEach(n -> ids.add(n.get("transaction_id").asText()));
    assertThat(fromFile.size(), equalTo(lines.size()));
    assertThat(ids.size(), equalTo(lines.size()));

    ProduceTransactions.main(
        new String[] {
          "--bootstrapServers=" + KafkaServer.BOOTSTRAP,
          "--topic=gen-" + run,
          "--transactions=300",
          "--cards=30",
          "--malformedRate=0",
          "--rate=2000"
        });
    assertThat(
        StreamingChecks.readUntil("gen-" + run, 300, Duration.ofSeconds(30)).size(), equalTo(300));
  }
}
