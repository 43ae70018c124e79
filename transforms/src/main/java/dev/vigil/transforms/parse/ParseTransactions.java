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
import org.joda.time.Duration;
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
  private final long maxAheadMillis;

  private ParseTransactions(int maxRecordBytes, long maxAheadMillis) {
    this.maxRecordBytes = maxRecordBytes;
    this.maxAheadMillis = maxAheadMillis;
  }

  /** Parses with the default maximum record size of 16 KiB and no bound on event times. */
  public static ParseTransactions create() {
    return new ParseTransactions(TransactionJson.DEFAULT_MAX_RECORD_BYTES, 0);
  }

  /**
   * Dead-letters a transaction whose {@code event_time} is more than {@code maxAhead} after the
   * clock when it is parsed. For streams: a stream's watermark never runs ahead of the clock, so
   * such a record would wait in state until its time comes (the v2 merchant features compute a
   * transaction once the watermark passes the start of its day); a year-9999 one, for ever. Batch
   * input, which may be dated after today, should not set it.
   */
  public ParseTransactions withMaxEventTimeAhead(Duration maxAhead) {
    if (maxAhead == null || maxAhead.getMillis() <= 0) {
      throw new IllegalArgumentException("maxAhead must be positive, got " + maxAhead);
    }
    return new ParseTransactions(maxRecordBytes, maxAhead.getMillis());
  }

  /** Records larger than this many UTF-8 bytes are dead-lettered as oversize. */
  public ParseTransactions withMaxRecordBytes(int bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("maxRecordBytes must be positive, got " + bytes);
    }
    return new ParseTransactions(bytes, maxAheadMillis);
  }

  private static RecordParser.Factory<Transaction> parser(int maxRecordBytes, long maxAheadMillis) {
    return () -> {
      TransactionJson json = new TransactionJson(maxRecordBytes);
      return new RecordParser<>() {
        @Override
        public Transaction parse(String payload, Instant arrival) throws InvalidRecordException {
          Transaction t = json.parse(payload);
          if (maxAheadMillis > 0
              && t.getEventTimeMillis() > System.currentTimeMillis() + maxAheadMillis) {
            throw new InvalidRecordException(
                "event_time "
                    + new Instant(t.getEventTimeMillis())
                    + " is more than "
                    + maxAheadMillis / 60_000
                    + " minutes ahead of the clock (--maxEventTimeAheadMinutes)");
          }
          return t;
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
                        parser(maxRecordBytes, maxAheadMillis),
                        STAGE,
                        METRICS_NAMESPACE,
                        parsed,
                        dead))
                .withOutputTags(parsed, TupleTagList.of(dead)));
    return WithDeadLetters.of(result, parsed, dead);
  }
}
