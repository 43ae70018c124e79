package dev.vigil.transforms.decide;

import static dev.vigil.testing.Txns.HOUR;
import static dev.vigil.testing.Txns.T0;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.vigil.model.CardAction;
import dev.vigil.model.CardActionCoder;
import dev.vigil.model.DecidedTransaction;
import dev.vigil.model.DecidedTransactionCoder;
import dev.vigil.model.Decision;
import dev.vigil.model.ScoredTransaction;
import dev.vigil.testing.TestPipelineExtension;
import dev.vigil.testing.Txns;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class EnforceCardActionsTest {

  static DecidedTransaction decided(String id, String card, long time, double score) {
    DecidedTransaction d = Txns.decided(Txns.txn(id, card, "m", 10, time), score);
    List<String> reasons = score >= 0.5 ? List.of("amount_ratio_30d") : List.of();
    return DecidedTransaction.of(
        ScoredTransaction.of(d.getScored().getFeatured(), score, 1, reasons), d.getDecision());
  }

  static CardAction action(String card, CardAction.Kind kind, long at) {
    return CardAction.of(card, kind, at, "alice", null);
  }

  /** {@code id:DECISION:reasons} of each output. */
  static PCollection<String> summaries(PCollection<DecidedTransaction> decided) {
    return decided.apply(
        "Summaries",
        MapElements.into(TypeDescriptors.strings())
            .via(
                (DecidedTransaction d) ->
                    d.getTransaction().getTransactionId()
                        + ":"
                        + d.getDecision()
                        + ":"
                        + String.join("+", d.getScored().getReasons())));
  }

  @Test
  void latestActionWinsAndABlockWinsAtTheSameInstant() {
    CardAction block = action("c", CardAction.Kind.BLOCK, T0);
    CardAction unblock = action("c", CardAction.Kind.UNBLOCK, T0);
    assertThat(block.supersedes(unblock), equalTo(true));
    assertThat(unblock.supersedes(block), equalTo(false));
    assertThat(action("c", CardAction.Kind.UNBLOCK, T0 + 1).supersedes(block), equalTo(true));
    assertThat(
        EnforceCardActions.holdingAt(List.of(block, unblock), T0 - 1), equalTo((CardAction) null));
    assertThat(EnforceCardActions.holdingAt(List.of(unblock, block), T0), equalTo(block));
  }

  @Test
  void blockedTransactionKeepsItsScoreAndPutsTheReasonFirst() {
    DecidedTransaction d = decided("t", "c", T0, 0.6);
    DecidedTransaction b = EnforceCardActions.blocked(d);
    assertThat(b.getDecision(), equalTo(Decision.BLOCK));
    assertThat(b.getScore(), equalTo(0.6));
    assertThat(b.getScored().getReasons(), equalTo(List.of("card_blocked", "amount_ratio_30d")));
    // Idempotent: blocking twice does not repeat the reason.
    assertThat(
        EnforceCardActions.blocked(b).getScored().getReasons(),
        equalTo(b.getScored().getReasons()));
  }

  /** The transform travels with the graph (display data, checkpoints): it must serialize. */
  @Test
  void theTransformSerializesWithoutItsActions(TestPipeline p) {
    PCollection<CardAction> actions = p.apply(Create.empty(CardActionCoder.of()));
    org.apache.beam.sdk.util.SerializableUtils.serializeToByteArray(
        EnforceCardActions.from(actions));
    p.run().waitUntilFinish();
  }

  /** Bounded: in event time, exact at the boundaries, whatever the input order. */
  @Test
  void boundedInputBlocksInEventTime(TestPipeline p) {
    PCollection<CardAction> actions =
        p.apply(
            "Actions",
            Create.of(
                    action("c1", CardAction.Kind.UNBLOCK, T0 + 2 * HOUR),
                    action("c1", CardAction.Kind.BLOCK, T0),
                    action("c3", CardAction.Kind.UNBLOCK, T0 + HOUR),
                    action("c3", CardAction.Kind.BLOCK, T0 + HOUR))
                .withCoder(CardActionCoder.of()));
    PCollection<DecidedTransaction> decided =
        p.apply(
            "Transactions",
            Create.of(
                    decided("before", "c1", T0 - 1, 0.1),
                    decided("at-block", "c1", T0, 0.1),
                    decided("review", "c1", T0 + HOUR, 0.6),
                    decided("at-unblock", "c1", T0 + 2 * HOUR, 0.1),
                    decided("other-card", "c2", T0, 0.6),
                    decided("same-instant", "c3", T0 + HOUR, 0.1))
                .withCoder(DecidedTransactionCoder.of()));
    PAssert.that(summaries(decided.apply(EnforceCardActions.from(actions))))
        .containsInAnyOrder(
            "before:APPROVE:",
            "at-block:BLOCK:card_blocked",
            "review:BLOCK:card_blocked+amount_ratio_30d",
            "at-unblock:APPROVE:",
            "other-card:REVIEW:amount_ratio_30d",
            "same-instant:BLOCK:card_blocked");
    p.run().waitUntilFinish();
  }

  /**
   * Unbounded: each transaction gets the action its card holds when the transaction arrives; a late
   * (older) action does not replace a newer one, a duplicate changes nothing, and an action on a
   * card never seen is kept for its first transaction.
   */
  @Test
  void unboundedInputBlocksTheTransactionsAfterTheAction(TestPipeline p) {
    // One stream so that arrival order is fixed: "T id card eventTime score" or "A card KIND at".
    TestStream<String> events =
        TestStream.create(StringUtf8Coder.of())
            .advanceWatermarkTo(new Instant(T0 - 2 * HOUR))
            .addElements("T before c1 " + T0 + " 0.1")
            .addElements("A c1 BLOCK " + T0)
            // Event time before the block, but arriving after it: blocked (the issuer's way).
            .addElements("T after-block c1 " + (T0 - HOUR) + " 0.6")
            .addElements("A c1 BLOCK " + T0) // duplicate
            .addElements("T other-card c2 " + T0 + " 0.1")
            .addElements("A c1 UNBLOCK " + (T0 + 10))
            .addElements("A c1 BLOCK " + (T0 + 5)) // older than the unblock: ignored
            .addElements("T after-unblock c1 " + T0 + " 0.1")
            .addElements("A c1 BLOCK " + (T0 + 10)) // same instant as the unblock: wins
            .addElements("T after-reblock c1 " + T0 + " 0.95")
            .addElements("A c9 BLOCK " + T0) // a card not seen yet
            .addElements("T first-of-c9 c9 " + T0 + " 0.1")
            .advanceWatermarkToInfinity();
    PCollection<String> raw = p.apply(events);
    PCollection<DecidedTransaction> decided =
        raw.apply("OnlyTransactions", Filter.by((String s) -> s.startsWith("T ")))
            .apply(
                "ToTransactions",
                MapElements.into(TypeDescriptor.of(DecidedTransaction.class))
                    .via(
                        (String s) -> {
                          String[] f = s.split(" ");
                          return decided(
                              f[1], f[2], Long.parseLong(f[3]), Double.parseDouble(f[4]));
                        }))
            .setCoder(DecidedTransactionCoder.of());
    PCollection<CardAction> actions =
        raw.apply("OnlyActions", Filter.by((String s) -> s.startsWith("A ")))
            .apply(
                "ToActions",
                MapElements.into(TypeDescriptor.of(CardAction.class))
                    .via(
                        (String s) -> {
                          String[] f = s.split(" ");
                          return action(f[1], CardAction.Kind.valueOf(f[2]), Long.parseLong(f[3]));
                        }))
            .setCoder(CardActionCoder.of());
    PAssert.that(summaries(decided.apply(EnforceCardActions.from(actions))))
        .containsInAnyOrder(
            "before:APPROVE:",
            "after-block:BLOCK:card_blocked+amount_ratio_30d",
            "other-card:APPROVE:",
            "after-unblock:APPROVE:",
            "after-reblock:BLOCK:card_blocked+amount_ratio_30d",
            "first-of-c9:BLOCK:card_blocked");
    p.run().waitUntilFinish();
  }
}
