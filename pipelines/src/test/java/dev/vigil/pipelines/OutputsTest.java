package dev.vigil.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** Where each record kind goes, for each combination of --outputs, topics and Cassandra. */
class OutputsTest {
  private static Outputs outputs(String... args) {
    return Outputs.from(PipelineOptionsFactory.fromArgs(args).as(FraudDetectionOptions.class));
  }

  @Test
  void filesOnlyByDefaultOneDirectoryPerKind() {
    Outputs o = outputs("--outputDir=/out");
    for (Outputs.Kind<?> kind : Outputs.KINDS) {
      assertThat(o.route(kind), equalTo(new Outputs.Route("/out/" + kind.name(), null, false)));
    }
    assertThat(o.describe(), containsString("merchant_windows  -> files /out/merchant_windows"));
  }

  @Test
  void kafkaWritesTheKindsThatHaveATopicAndNoFiles() {
    Outputs o = outputs("--outputs=KAFKA", "--scoredTopic=s", "--cardSessionsTopic=cs");
    assertThat(o.route(Outputs.SCORED), equalTo(new Outputs.Route(null, "s", false)));
    assertThat(o.route(Outputs.ALERTS).topic(), equalTo("alerts"));
    assertThat(o.route(Outputs.DEAD_LETTERS).topic(), equalTo("deadletter"));
    assertThat(o.route(Outputs.CARD_SESSIONS).topic(), equalTo("cs"));
    // No merchant-windows topic and no files: the windows are not written, so not computed.
    assertThat(o.writesAny(Outputs.MERCHANT_WINDOWS), equalTo(false));
    assertThat(o.route(Outputs.MERCHANT_WINDOWS).toString(), equalTo("not written"));
  }

  @Test
  void cassandraAddsATableForEveryKindThatHasOne() {
    Outputs o = outputs("--outputs=BOTH", "--outputDir=/out/", "--cassandraHosts=127.0.0.1");
    Set<String> inCassandra =
        Outputs.KINDS.stream()
            .filter(k -> o.route(k).cassandra())
            .map(Outputs.Kind::name)
            .collect(Collectors.toSet());
    assertThat(
        inCassandra, equalTo(Set.of("scored", "alerts", "merchant_windows", "card_sessions")));
    assertThat(o.route(Outputs.SCORED), equalTo(new Outputs.Route("/out/scored", "scored", true)));
    assertThat(
        o.route(Outputs.DEAD_LETTERS).toString(),
        equalTo("files /out/deadletter, Kafka topic deadletter"));
  }

  @Test
  void everyKindHasAUniqueNameAndStepName() {
    assertThat(
        Outputs.KINDS.stream().map(Outputs.Kind::name).collect(Collectors.toSet()),
        hasSize(Outputs.KINDS.size()));
    assertThat(Outputs.MERCHANT_WINDOWS.stepName(), equalTo("WriteMerchantWindows"));
    assertThat(Outputs.DEAD_LETTERS.cassandra(), nullValue());
  }
}
