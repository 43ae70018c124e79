package dev.vigil.pipelines.train;

import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.Transaction;
import dev.vigil.transforms.WithDeadLetters;
import dev.vigil.transforms.features.TrailingCardFeatures;
import dev.vigil.transforms.io.JsonFormat;
import dev.vigil.transforms.io.ReadJsonLines;
import dev.vigil.transforms.io.WriteJsonRecords;
import dev.vigil.transforms.parse.ParseTransactions;
import org.apache.beam.sdk.Pipeline;

/**
 * The batch pass of training: the same {@link ParseTransactions} and {@link TrailingCardFeatures}
 * as the scoring pipeline (sorted, exact), over a labelled history, writing featured records to
 * {@code <outputDir>/features/} and rejects to {@code <outputDir>/deadletter/}. Training and
 * serving therefore compute features with the same code.
 */
public final class TrainingFeatures {
  private TrainingFeatures() {}

  public static void build(Pipeline pipeline, String history, String outputDir) {
    WithDeadLetters<Transaction> parsed =
        pipeline
            .apply("ReadHistory", ReadJsonLines.from(history))
            .apply("ParseTransactions", ParseTransactions.create());
    WithDeadLetters<FeaturedTransaction> featured =
        parsed.apply(
            "TrailingCardFeatures",
            TrailingCardFeatures.create().withMode(TrailingCardFeatures.Mode.SORTED));
    featured
        .output()
        .apply(
            "WriteFeatures", WriteJsonRecords.of("features", JsonFormat::featured).to(outputDir));
    parsed
        .deadLetters()
        .apply(
            "WriteDeadLetters",
            WriteJsonRecords.of("deadletter", JsonFormat::deadLetter).to(outputDir));
  }
}
