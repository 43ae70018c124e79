package dev.vigil.transforms.parse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.vigil.model.DeadLetter;
import dev.vigil.model.RawRecord;
import dev.vigil.model.Transaction;
import dev.vigil.testing.TestPipelineExtension;
import dev.vigil.transforms.WithDeadLetters;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class ParseTransactionsTest {
  private static final String GOOD =
      "{\"transaction_id\":\"t1\",\"card_id\":\"c1\",\"merchant_id\":\"m1\",\"amount\":10,"
          + "\"event_time\":\"2026-11-24T19:00:00Z\"}";
  private static final String GOOD_MILLIS =
      "{\"transaction_id\":\"t2\",\"card_id\":\"c1\",\"merchant_id\":\"m1\",\"amount\":0,"
          + "\"event_time\":1795546860000}";

  static final class IdAtTimestampFn extends DoFn<Transaction, String> {
    @ProcessElement
    public void process(@Element Transaction t, @Timestamp Instant ts, OutputReceiver<String> out) {
      out.output(t.getTransactionId() + "@" + ts.getMillis());
    }
  }

  @Test
  void splitsValidRecordsFromDeadLettersAndStampsEventTime(TestPipeline p) {
    PCollection<RawRecord> raw =
        p.apply(
            Create.of(
                RawRecord.of(GOOD, "file:a.jsonl:1"),
                RawRecord.of("{oops", "file:a.jsonl:2"),
                RawRecord.of(GOOD_MILLIS, "file:a.jsonl:3"),
                RawRecord.of("{\"transaction_id\":\"t3\"}", "file:a.jsonl:4")));
    WithDeadLetters<Transaction> parsed = raw.apply(ParseTransactions.create());

    PCollection<String> idsAndTimestamps = parsed.output().apply(ParDo.of(new IdAtTimestampFn()));
    PAssert.that(idsAndTimestamps).containsInAnyOrder("t1@1795546800000", "t2@1795546860000");

    PAssert.that(parsed.deadLetters())
        .satisfies(
            letters -> {
              List<DeadLetter> list =
                  StreamSupport.stream(letters.spliterator(), false)
                      .sorted(Comparator.comparing(DeadLetter::getSource))
                      .collect(Collectors.toList());
              assertThat(list.size(), equalTo(2));
              assertThat(list.get(0).getRaw(), equalTo("{oops"));
              assertThat(list.get(0).getSource(), equalTo("file:a.jsonl:2"));
              assertThat(list.get(0).getStage(), equalTo("parse"));
              assertThat(list.get(0).getError().startsWith("not valid JSON"), equalTo(true));
              assertThat(list.get(1).getRaw(), equalTo("{\"transaction_id\":\"t3\"}"));
              assertThat(list.get(1).getError(), equalTo("missing required field card_id"));
              assertThat(list.get(1).getFailedAtMillis() > 0, equalTo(true));
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void aRecordOfNineHundredKilobytesBecomesABoundedDeadLetterThatNamesTheWhole(TestPipeline p) {
    String huge =
        GOOD.substring(0, GOOD.length() - 1) + ",\"pad\":\"" + "z".repeat(900_000) + "\"}";
    PCollection<DeadLetter> dead =
        p.apply(Create.of(RawRecord.of(huge, "kafka:txns/0@7")))
            .apply(ParseTransactions.create())
            .deadLetters();
    PAssert.thatSingleton(dead)
        .satisfies(
            d -> {
              assertThat(d.getError(), equalTo("record exceeds 16384 bytes"));
              assertThat(d.getRaw().length(), equalTo(DeadLetter.MAX_RAW));
              assertThat(d.getRawBytes(), equalTo((long) huge.length()));
              assertThat(d.isRawTruncated(), equalTo(true));
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void aStreamDeadLettersEventTimesFarAheadOfTheClock(TestPipeline p) {
    String future =
        "{\"transaction_id\":\"t9\",\"card_id\":\"c1\",\"merchant_id\":\"m1\",\"amount\":1,"
            + "\"event_time\":\"9999-12-31T23:59:59Z\"}";
    String soon =
        "{\"transaction_id\":\"t8\",\"card_id\":\"c1\",\"merchant_id\":\"m1\",\"amount\":1,"
            + "\"event_time\":\""
            + java.time.Instant.now().plusSeconds(600)
            + "\"}";
    WithDeadLetters<Transaction> parsed =
        p.apply(
                Create.of(
                    RawRecord.of(GOOD, "kafka:t/0@1"),
                    RawRecord.of(future, "kafka:t/0@2"),
                    RawRecord.of(soon, "kafka:t/0@3")))
            .apply(ParseTransactions.create().withMaxEventTimeAhead(Duration.standardHours(24)));
    PAssert.that(parsed.output().apply(ParDo.of(new IdAtTimestampFn())))
        .satisfies(
            ids -> {
              List<String> list = new java.util.ArrayList<>();
              ids.forEach(id -> list.add(id.substring(0, 2)));
              list.sort(null);
              assertThat(list, equalTo(List.of("t1", "t8")));
              return null;
            });
    PAssert.that(parsed.deadLetters())
        .satisfies(
            letters -> {
              DeadLetter d = letters.iterator().next();
              assertThat(d.getRaw(), equalTo(future));
              assertThat(
                  d.getError(),
                  equalTo(
                      "event_time 9999-12-31T23:59:59.000Z is more than 1440 minutes ahead of the"
                          + " clock (--maxEventTimeAheadMinutes)"));
              return null;
            });
    p.run().waitUntilFinish();
  }
}
