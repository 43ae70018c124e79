package dev.vigil.transforms.parse;

import dev.vigil.model.DeadLetter;
import dev.vigil.model.Label;
import dev.vigil.model.RawRecord;
import dev.vigil.transforms.WithDeadLetters;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;
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

  private ParseLabels() {}

  public static ParseLabels create() {
    return new ParseLabels();
  }

  @Override
  public WithDeadLetters<Label> expand(PCollection<RawRecord> input) {
    TupleTag<Label> parsed = new TupleTag<>() {};
    TupleTag<DeadLetter> dead = new TupleTag<>() {};
    PCollectionTuple result =
        input.apply(
            "ParseAndValidateLabels",
            ParDo.of(new ParseLabelFn(parsed, dead)).withOutputTags(parsed, TupleTagList.of(dead)));
    return WithDeadLetters.of(result, parsed, dead);
  }

  private static final class ParseLabelFn extends DoFn<RawRecord, Label> {
    private final TupleTag<Label> parsedTag;
    private final TupleTag<DeadLetter> deadTag;
    private final Counter recordsIn = Metrics.counter(METRICS_NAMESPACE, "records_in");
    private final Counter parsed = Metrics.counter(METRICS_NAMESPACE, "parsed");
    private final Counter deadLetters = Metrics.counter(METRICS_NAMESPACE, "dead_letters");
    private transient LabelJson json;

    ParseLabelFn(TupleTag<Label> parsedTag, TupleTag<DeadLetter> deadTag) {
      this.parsedTag = parsedTag;
      this.deadTag = deadTag;
    }

    @Setup
    public void setup() {
      json = new LabelJson(TransactionJson.DEFAULT_MAX_RECORD_BYTES);
    }

    @ProcessElement
    public void process(@Element RawRecord record, MultiOutputReceiver out) {
      recordsIn.inc();
      try {
        Label label = json.parse(record.getPayload());
        parsed.inc();
        out.get(parsedTag).outputWithTimestamp(label, new Instant(label.getLabelledAtMillis()));
      } catch (InvalidRecordException e) {
        deadLetters.inc();
        out.get(deadTag)
            .output(DeadLetter.of(record.getPayload(), e.getMessage(), STAGE, record.getSource()));
      }
    }

    @Override
    public Duration getAllowedTimestampSkew() {
      return Duration.millis(Long.MAX_VALUE);
    }
  }
}
