package dev.vigil.transforms.parse;

import dev.vigil.model.DeadLetter;
import dev.vigil.model.RawRecord;
import dev.vigil.model.Transaction;
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

  @Override
  public WithDeadLetters<Transaction> expand(PCollection<RawRecord> input) {
    TupleTag<Transaction> parsed = new TupleTag<>() {};
    TupleTag<DeadLetter> dead = new TupleTag<>() {};
    PCollectionTuple result =
        input.apply(
            "ParseAndValidate",
            ParDo.of(new ParseFn(maxRecordBytes, parsed, dead))
                .withOutputTags(parsed, TupleTagList.of(dead)));
    return WithDeadLetters.of(result, parsed, dead);
  }

  private static final class ParseFn extends DoFn<RawRecord, Transaction> {
    private final int maxRecordBytes;
    private final TupleTag<Transaction> parsedTag;
    private final TupleTag<DeadLetter> deadTag;
    private final Counter recordsIn = Metrics.counter(METRICS_NAMESPACE, "records_in");
    private final Counter parsed = Metrics.counter(METRICS_NAMESPACE, "parsed");
    private final Counter deadLetters = Metrics.counter(METRICS_NAMESPACE, "dead_letters");
    private transient TransactionJson json;

    ParseFn(int maxRecordBytes, TupleTag<Transaction> parsedTag, TupleTag<DeadLetter> deadTag) {
      this.maxRecordBytes = maxRecordBytes;
      this.parsedTag = parsedTag;
      this.deadTag = deadTag;
    }

    @Setup
    public void setup() {
      json = new TransactionJson(maxRecordBytes);
    }

    @ProcessElement
    public void process(@Element RawRecord record, MultiOutputReceiver out) {
      recordsIn.inc();
      try {
        Transaction txn = json.parse(record.getPayload());
        parsed.inc();
        out.get(parsedTag).outputWithTimestamp(txn, new Instant(txn.getEventTimeMillis()));
      } catch (InvalidRecordException e) {
        deadLetters.inc();
        out.get(deadTag)
            .output(DeadLetter.of(record.getPayload(), e.getMessage(), STAGE, record.getSource()));
      }
    }

    @Override
    public Duration getAllowedTimestampSkew() {
      // Event times may precede the record's arrival timestamp (e.g. Kafka append time) by any
      // amount: out-of-order and late data are handled downstream, not refused here.
      return Duration.millis(Long.MAX_VALUE);
    }
  }
}
