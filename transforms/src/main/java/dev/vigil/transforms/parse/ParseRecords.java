package dev.vigil.transforms.parse;

import dev.vigil.model.DeadLetter;
import dev.vigil.model.RawRecord;
import dev.vigil.transforms.WithDeadLetters;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Parses raw records of any kind with a {@link RecordParser}: each valid record goes out
 * timestamped with its own time, each rejected one becomes a {@link DeadLetter} with the reason,
 * the stage, the raw payload and the record's source (file line or Kafka offset).
 *
 * <pre>{@code
 * WithDeadLetters<Reading> readings = raw.apply("ParseReadings",
 *     ParseRecords.of("parse", ReadingJson::new, ReadingCoder.of())
 *         .withMetricsNamespace("vigil.sensors"));
 * }</pre>
 *
 * <p>Metrics (namespace {@code vigil.parse} unless set): {@code records_in}, {@code parsed}, {@code
 * dead_letters}.
 */
public final class ParseRecords<T> extends PTransform<PCollection<RawRecord>, WithDeadLetters<T>> {
  private final String stage;
  private final RecordParser.Factory<T> parser;
  private final Coder<T> coder;
  private final String metricsNamespace;

  private ParseRecords(
      String stage, RecordParser.Factory<T> parser, Coder<T> coder, String metricsNamespace) {
    this.stage = stage;
    this.parser = parser;
    this.coder = coder;
    this.metricsNamespace = metricsNamespace;
  }

  /**
   * Records parsed by the parsers {@code parser} makes, encoded with {@code coder}; dead letters
   * name {@code stage}.
   */
  public static <T> ParseRecords<T> of(
      String stage, RecordParser.Factory<T> parser, Coder<T> coder) {
    if (stage == null || stage.isBlank()) {
      throw new IllegalArgumentException("a parse stage needs a name for its dead letters");
    }
    if (parser == null || coder == null) {
      throw new IllegalArgumentException("ParseRecords needs a parser factory and a coder");
    }
    return new ParseRecords<>(stage, parser, coder, "vigil.parse");
  }

  /** The metrics namespace of {@code records_in}, {@code parsed} and {@code dead_letters}. */
  public ParseRecords<T> withMetricsNamespace(String namespace) {
    return new ParseRecords<>(stage, parser, coder, namespace);
  }

  @Override
  public WithDeadLetters<T> expand(PCollection<RawRecord> input) {
    TupleTag<T> parsed = new TupleTag<>();
    TupleTag<DeadLetter> dead = new TupleTag<>() {};
    PCollectionTuple result =
        input.apply(
            "ParseAndValidate",
            ParDo.of(new ParseRecordsFn<>(parser, stage, metricsNamespace, parsed, dead))
                .withOutputTags(parsed, TupleTagList.of(dead)));
    result.get(parsed).setCoder(coder);
    return WithDeadLetters.of(result, parsed, dead);
  }
}
