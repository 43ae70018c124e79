package dev.vigil.pipelines;

import dev.vigil.pipelines.generate.GenerateTransactions;
import dev.vigil.pipelines.generate.TransactionGenerator;
import java.nio.file.Path;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thousands of transactions through the whole pipeline as a user runs it: {@code ./vigil run} over
 * a file, which runs {@code runner-configs/flink-local.args} (the embedded FlinkRunner, parallelism
 * 2); every scored record is checked against the reference. The DirectRunner's whole-pipeline run
 * is {@link FraudDetectionPipelineTest}'s.
 */
class FraudDetectionPipelineIT {
  private static final Logger LOG = LoggerFactory.getLogger(FraudDetectionPipelineIT.class);

  @Test
  void fiveThousandTransactionsOnTheEmbeddedFlinkRunner(@TempDir Path dir) throws Exception {
    Path input = dir.resolve("in.jsonl");
    GenerateTransactions.write(
        TransactionGenerator.builder()
            .seed(2026)
            .transactions(5_000)
            .cards(300)
            .days(4)
            .malformedRate(0.005)
            .build()
            .lines(),
        input);
    FraudDetectionOptions options =
        PipelineOptionsFactory.fromArgs(
                "--runner=FlinkRunner",
                "--parallelism=2",
                "--inputFile=" + input,
                "--outputDir=" + dir.resolve("out"),
                "--modelDir=" + PipelineChecks.SHIPPED_MODEL)
            .as(FraudDetectionOptions.class);
    long start = System.nanoTime();
    FraudDetectionPipeline.run(options).waitUntilFinish();
    LOG.info(
        "5,000 transactions on the embedded FlinkRunner in {} s",
        (System.nanoTime() - start) / 1_000_000_000.0);
    PipelineChecks.assertRunMatchesInput(input, dir.resolve("out"), 10, 1, 30);
  }
}
