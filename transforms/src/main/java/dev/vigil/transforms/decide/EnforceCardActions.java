package dev.vigil.transforms.decide;

import dev.vigil.model.CardAction;
import dev.vigil.model.CardActionCoder;
import dev.vigil.model.DecidedTransaction;
import dev.vigil.model.DecidedTransactionCoder;
import dev.vigil.model.Decision;
import dev.vigil.model.ScoredTransaction;
import dev.vigil.model.VersionedStateCoder;
import dev.vigil.transforms.OneOf;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Enforces analysts' card actions: a transaction of a blocked card is decided {@code BLOCK}, with
 * {@value CardAction#BLOCKED_REASON} first in its reasons, whatever its score; every other
 * transaction passes unchanged. Of several actions on one card the latest ({@link
 * CardAction#supersedes}) holds.
 *
 * <ul>
 *   <li><b>Bounded input</b> (transactions and actions both bounded, e.g. {@code
 *       --cardActionsFile}): in event time, exact whatever the input order: a transaction is
 *       blocked when the card's latest action at or before its {@code event_time} is a block. The
 *       actions are a side input (they are few), so transactions are not regrouped.
 *   <li><b>Unbounded input</b> (the {@code card-actions} topic): per-card state holds the card's
 *       latest action, and each transaction is decided with the action its card has when the
 *       transaction reaches the stage, as a card issuer's block works: from the moment it is read
 *       on, for the card's next transactions, whatever their event time. A block read after a
 *       transaction does not change that transaction's decision. The state is one small action per
 *       card ever acted on, with no timer, so it runs on every streaming runner.
 * </ul>
 *
 * <pre>{@code
 * PCollection<DecidedTransaction> enforced =
 *     decided.apply("EnforceCardActions", EnforceCardActions.from(actions));
 * }</pre>
 *
 * <p>Metrics (namespace {@code vigil.decide}): {@code card_blocked} (transactions blocked by an
 * action), {@code card_actions_applied} (actions read into state, unbounded input).
 */
public final class EnforceCardActions
    extends PTransform<PCollection<DecidedTransaction>, PCollection<DecidedTransaction>> {
  static final String METRICS_NAMESPACE = "vigil.decide";

  // Transient: a transform is serialized with the graph (display data, checkpoints), a PCollection
  // cannot be; only expand() reads it, at construction time.
  private final transient PCollection<CardAction> actions;

  private EnforceCardActions(PCollection<CardAction> actions) {
    this.actions = actions;
  }

  /** Enforces {@code actions} (same pipeline) on the decided transactions. */
  public static EnforceCardActions from(PCollection<CardAction> actions) {
    if (actions == null) {
      throw new IllegalArgumentException("actions must not be null");
    }
    return new EnforceCardActions(actions);
  }

  /** Whether {@link #expand} takes the exact event-time path (both inputs bounded). */
  static boolean inEventTime(PCollection<?> transactions, PCollection<?> actions) {
    return transactions.isBounded() == PCollection.IsBounded.BOUNDED
        && actions.isBounded() == PCollection.IsBounded.BOUNDED;
  }

  @Override
  public PCollection<DecidedTransaction> expand(PCollection<DecidedTransaction> input) {
    if (inEventTime(input, actions)) {
      PCollectionView<Map<String, Iterable<CardAction>>> byCard =
          actions
              .apply(
                  "KeyActionsByCard",
                  WithKeys.of(CardAction::getCardId).withKeyType(TypeDescriptors.strings()))
              .setCoder(KvCoder.of(StringUtf8Coder.of(), CardActionCoder.of()))
              .apply("ActionsByCard", View.asMultimap());
      return input
          .apply("BlockInEventTime", ParDo.of(new EventTimeFn(byCard)).withSideInputs(byCard))
          .setCoder(DecidedTransactionCoder.of());
    }
    KvCoder<String, OneOf<DecidedTransaction, CardAction>> coder =
        KvCoder.of(
            StringUtf8Coder.of(),
            OneOf.Coder.of(DecidedTransactionCoder.of(), CardActionCoder.of()));
    TypeDescriptor<KV<String, OneOf<DecidedTransaction, CardAction>>> type =
        TypeDescriptors.kvs(
            TypeDescriptors.strings(),
            OneOf.type(
                TypeDescriptor.of(DecidedTransaction.class), TypeDescriptor.of(CardAction.class)));
    PCollection<KV<String, OneOf<DecidedTransaction, CardAction>>> transactions =
        input
            .apply(
                "TransactionsByCard",
                MapElements.into(type)
                    .via(
                        (DecidedTransaction d) ->
                            KV.of(d.getTransaction().getCardId(), OneOf.ofFirst(d))))
            .setCoder(coder);
    PCollection<KV<String, OneOf<DecidedTransaction, CardAction>>> actionEvents =
        actions
            .apply(
                "ActionsByCard",
                MapElements.into(type)
                    .via((CardAction a) -> KV.of(a.getCardId(), OneOf.ofSecond(a))))
            .setCoder(coder);
    return PCollectionList.of(transactions)
        .and(actionEvents)
        .apply("TransactionsAndActions", Flatten.pCollections())
        .setCoder(coder)
        .apply("BlockFromCardState", ParDo.of(new StatefulFn()))
        .setCoder(DecidedTransactionCoder.of());
  }

  /** {@code d} decided BLOCK with {@value CardAction#BLOCKED_REASON} first in its reasons. */
  static DecidedTransaction blocked(DecidedTransaction d) {
    ScoredTransaction s = d.getScored();
    List<String> reasons = new ArrayList<>(s.getReasons().size() + 1);
    reasons.add(CardAction.BLOCKED_REASON);
    for (String r : s.getReasons()) {
      if (!CardAction.BLOCKED_REASON.equals(r)) {
        reasons.add(r);
      }
    }
    return DecidedTransaction.of(
        ScoredTransaction.of(s.getFeatured(), s.getScore(), s.getModelVersion(), reasons),
        Decision.BLOCK);
  }

  /** The action that holds at {@code timeMillis}: the latest at or before it, or null. */
  static CardAction holdingAt(Iterable<CardAction> actions, long timeMillis) {
    CardAction holding = null;
    for (CardAction a : actions) {
      if (a.getAtMillis() <= timeMillis && (holding == null || a.supersedes(holding))) {
        holding = a;
      }
    }
    return holding;
  }

  /** Bounded path: the card's actions from the side input, compared in event time. */
  static final class EventTimeFn extends DoFn<DecidedTransaction, DecidedTransaction> {
    private final PCollectionView<Map<String, Iterable<CardAction>>> byCard;
    private final Counter blockedCount = Metrics.counter(METRICS_NAMESPACE, "card_blocked");

    EventTimeFn(PCollectionView<Map<String, Iterable<CardAction>>> byCard) {
      this.byCard = byCard;
    }

    @ProcessElement
    public void process(
        @Element DecidedTransaction d, ProcessContext c, OutputReceiver<DecidedTransaction> out) {
      Iterable<CardAction> actions = c.sideInput(byCard).get(d.getTransaction().getCardId());
      CardAction holding =
          actions == null ? null : holdingAt(actions, d.getTransaction().getEventTimeMillis());
      if (holding != null && holding.isBlock()) {
        blockedCount.inc();
        out.output(blocked(d));
      } else {
        out.output(d);
      }
    }
  }

  /** Unbounded path: the card's latest action in state, applied to the transactions after it. */
  static final class StatefulFn
      extends DoFn<KV<String, OneOf<DecidedTransaction, CardAction>>, DecidedTransaction> {
    /** Version of the action's encoding in state; bump it when it changes. */
    static final int STATE_VERSION = 1;

    private final Counter blockedCount = Metrics.counter(METRICS_NAMESPACE, "card_blocked");
    private final Counter applied = Metrics.counter(METRICS_NAMESPACE, "card_actions_applied");

    @StateId("action")
    private final StateSpec<ValueState<CardAction>> actionSpec =
        StateSpecs.value(
            VersionedStateCoder.of("card action", 'A', STATE_VERSION, CardActionCoder.of()));

    @ProcessElement
    public void process(
        @Element KV<String, OneOf<DecidedTransaction, CardAction>> element,
        @StateId("action") ValueState<CardAction> state,
        OutputReceiver<DecidedTransaction> out) {
      CardAction action = element.getValue().second();
      CardAction held = state.read();
      if (action != null) {
        if (held == null || action.supersedes(held)) {
          state.write(action);
          applied.inc();
        }
        return;
      }
      DecidedTransaction transaction = element.getValue().first();
      if (held != null && held.isBlock()) {
        blockedCount.inc();
        out.output(blocked(transaction));
      } else {
        out.output(transaction);
      }
    }
  }
}
