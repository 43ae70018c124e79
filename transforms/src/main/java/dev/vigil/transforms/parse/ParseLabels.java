package dev.vigil.transforms.parse;

import dev.vigil.model.DeadLetter;
import dev.vigil.model.Label;
import dev.vigil.model.LabelCoder;
import dev.vigil.model.RawRecord;
import dev.vigil.transforms.WithDeadLetters;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/**
 * Parses JSON label records ({@link LabelJson}). Valid records become {@link Label}s timestamped
 * with their {@code labelled_at}; every rejected record becomes a {@link DeadLetter} with stage
 * {@value #STAGE}, the raw payload, the reason and the record's source.
 *
 * <pre>{@code
 * WithDeadLetters<Label> labels = raw.apply("ParseLabels", ParseLabels.create());
 * }</pre>
 *
 * <p>Metrics (namespace {@code vigil.labels}): {@code records_in}, {@code parsed}, {@code
 * dead_letters}.
 */
public final class ParseLabels extends PTransform<PCollection<RawRecord>, WithDeadLetters<Label>> {
  public static final String STAGE = "labels";
  public static final String METRICS_NAMESPACE = "vigil.labels";

  private static final RecordParser.Factory<Label> PARSER =
      () -> {
        LabelJson json = new LabelJson(TransactionJson.DEFAULT_MAX_RECORD_BYTES);
        return new RecordParser<>() {
          @Override
          public Label parse(String payload, Instant arrival) throws InvalidRecordException {
            return json.parse(payload);
          }

          @Override
          public long timeMillis(Label l) {
            return l.getLabelledAtMillis();
          }
        };
      };

  private ParseLabels() {}

  public static ParseLabels create() {
    return new ParseLabels();
  }

  @Override
  public WithDeadLetters<Label> expand(PCollection<RawRecord> input) {
    return input.apply(
        "ParseAndValidateLabels",
        ParseRecords.of(STAGE, PARSER, LabelCoder.of()).withMetricsNamespace(METRICS_NAMESPACE));
  }
}
