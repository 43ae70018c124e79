package dev.vigil.transforms.parse;

import dev.vigil.model.DeadLetter;
import dev.vigil.model.RawRecord;
import dev.vigil.model.Transaction;
import dev.vigil.transforms.WithDeadLetters;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Instant;

/**
 * Parses JSON transactions, validating every rule of the input contract (docs/architecture.md).
 * Valid records become {@link Transaction}s timestamped with their {@code event_time}; every
 * rejected record becomes a {@link DeadLetter} with stage {@value #STAGE}, the raw payload, the
 * reason and the record's source. One bad record never fails the pipeline.
 *
 * <pre>{@code
 * WithDeadLetters<Transaction> parsed =
 *     raw.apply("ParseTransactions", ParseTransactions.create().withMaxRecordBytes(8192));
 * }</pre>
 *
 * <p>Metrics (namespace {@code vigil.parse}): {@code records_in}, {@code parsed}, {@code
 * dead_letters}.
 */
public final class ParseTransactions
    extends PTransform<PCollection<RawRecord>, WithDeadLetters<Transaction>> {
  public static final String STAGE = "parse";
  public static final String METRICS_NAMESPACE = "vigil.parse";

  private final int maxRecordBytes;

  private ParseTransactions(int maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
  }

  /** Parses with the default maximum record size of 16 KiB. */
  public static ParseTransactions create() {
    return new ParseTransactions(TransactionJson.DEFAULT_MAX_RECORD_BYTES);
  }

  /** Records larger than this many UTF-8 bytes are dead-lettered as oversize. */
  public ParseTransactions withMaxRecordBytes(int bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("maxRecordBytes must be positive, got " + bytes);
    }
    return new ParseTransactions(bytes);
  }

  private static RecordParser.Factory<Transaction> parser(int maxRecordBytes) {
    return () -> {
      TransactionJson json = new TransactionJson(maxRecordBytes);
      return new RecordParser<>() {
        @Override
        public Transaction parse(String payload, Instant arrival) throws InvalidRecordException {
          return json.parse(payload);
        }

        @Override
        public long timeMillis(Transaction t) {
          return t.getEventTimeMillis();
        }
      };
    };
  }

  @Override
  public WithDeadLetters<Transaction> expand(PCollection<RawRecord> input) {
    TupleTag<Transaction> parsed = new TupleTag<>() {};
    TupleTag<DeadLetter> dead = new TupleTag<>() {};
    PCollectionTuple result =
        input.apply(
            "ParseAndValidate",
            ParDo.of(
                    new ParseRecordsFn<>(
                        parser(maxRecordBytes), STAGE, METRICS_NAMESPACE, parsed, dead))
                .withOutputTags(parsed, TupleTagList.of(dead)));
    return WithDeadLetters.of(result, parsed, dead);
  }
}
