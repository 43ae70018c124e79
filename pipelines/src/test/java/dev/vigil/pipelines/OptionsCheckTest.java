package dev.vigil.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** Options that contradict each other are rejected at start, naming both. */
class OptionsCheckTest {
  private static String rejected(String... args) {
    FraudDetectionOptions o = PipelineOptionsFactory.fromArgs(args).as(FraudDetectionOptions.class);
    o.setModelDir("m");
    return assertThrows(IllegalArgumentException.class, () -> OptionsCheck.validate(o))
        .getMessage();
  }

  @Test
  void kafkaSourceWithAnInputFileNamesBoth() {
    String m = rejected("--source=KAFKA", "--inputFile=in.jsonl");
    assertThat(m, containsString("--source=KAFKA conflicts with --inputFile=in.jsonl"));
    assertThat(m, containsString("drop one of them"));
  }

  @Test
  void kafkaOnlyOptionsWithoutKafkaAreRejected() {
    assertThat(
        rejected("--inputFile=x", "--maxReadRecords=5"),
        containsString("--source=FILE conflicts with --maxReadRecords=5"));
    assertThat(
        rejected("--inputFile=x", "--kafkaExactlyOnce=true"),
        containsString("--outputs=FILES conflicts with --kafkaExactlyOnce"));
    assertThat(
        rejected("--inputFile=x", "--merchantWindowsTopic=mw"),
        containsString("--outputs=FILES conflicts with --merchantWindowsTopic=mw"));
    assertThat(
        rejected("--inputFile=x", "--cardSessionsTopic=cs"),
        containsString("--outputs=FILES conflicts with --cardSessionsTopic=cs"));
  }

  @Test
  void consistentOptionsPass() {
    FraudDetectionOptions o =
        PipelineOptionsFactory.fromArgs(
                "--source=KAFKA",
                "--outputs=BOTH",
                "--merchantWindowsTopic=mw",
                "--kafkaExactlyOnce=true",
                "--summaries=false", // topics from a config file, summaries off: allowed
                "--maxReadRecords=10",
                "--modelDir=m")
            .as(FraudDetectionOptions.class);
    assertDoesNotThrow(() -> OptionsCheck.validate(o));
  }
}
