package dev.vigil.transforms.features;

import dev.vigil.model.CardFeatures;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.FeatureSet;
import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.ProfileFeatures;
import dev.vigil.model.Transaction;
import dev.vigil.transforms.WithDeadLetters;
import dev.vigil.transforms.io.JsonFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;

/**
 * Computes the nine trailing per-card features of docs/architecture.md for every transaction.
 *
 * <p>Two execution paths, chosen from the input's boundedness unless forced with {@link #withMode}:
 *
 * <ul>
 *   <li>{@link Mode#SORTED} (bounded input): groups each card's transactions, sorts them by {@code
 *       (event_time, transaction_id)} and sweeps. Exact whatever the input order.
 *   <li>{@link Mode#STATEFUL} (unbounded input): per-card state in arrival order, trimmed to the 24
 *       h horizon on every update and cleared by an event-time timer after 24 h of silence. Exact
 *       when each card arrives in event-time order; a transaction that arrives after a later one of
 *       its card is scored from the state seen so far and marked {@code late}.
 *   <li>{@link Mode#STATEFUL_NO_TIMER} (unbounded input on runners without user timers in
 *       streaming, such as Beam 2.62's Spark runner): the same state and the same features, trimmed
 *       to 24 h on each of the card's transactions; no timer clears an idle card's last state.
 * </ul>
 *
 * <p>A second transaction with an id already held for the card is a duplicate (for example a
 * replay) and goes to the dead letters with stage {@value #STAGE}.
 *
 * <pre>{@code
 * WithDeadLetters<FeaturedTransaction> featured =
 *     transactions.apply("TrailingCardFeatures", TrailingCardFeatures.create());
 * }</pre>
 */
public final class TrailingCardFeatures
    extends PTransform<PCollection<Transaction>, WithDeadLetters<FeaturedTransaction>> {
  public static final String STAGE = "features";
  public static final String METRICS_NAMESPACE = "vigil.features";

  /** How per-card history is kept. */
  public enum Mode {
    /** {@link #SORTED} for bounded input, {@link #STATEFUL} for unbounded input. */
    AUTO,
    /** Group per card, sort, sweep: exact for any input order; needs bounded input. */
    SORTED,
    /** Stateful DoFn with 24 h state and an expiry timer: for streams. */
    STATEFUL,
    /**
     * {@link #STATEFUL} without the expiry timer, for runners that refuse user timers in streaming
     * (Beam 2.62's Spark runner). Identical features; state is trimmed to 24 h on each of the
     * card's transactions, and the state of a card that goes silent stays until the card transacts
     * again, so state grows with the number of distinct cards seen.
     */
    STATEFUL_NO_TIMER
  }

  private final Mode mode;
  private final FeatureSet featureSet;

  private TrailingCardFeatures(Mode mode, FeatureSet featureSet) {
    this.mode = mode;
    this.featureSet = featureSet;
  }

  /** The v1 features, in the mode the input's boundedness calls for. */
  public static TrailingCardFeatures create() {
    return new TrailingCardFeatures(Mode.AUTO, FeatureSet.V1);
  }

  public TrailingCardFeatures withMode(Mode mode) {
    if (mode == null) {
      throw new IllegalArgumentException("mode must not be null");
    }
    return new TrailingCardFeatures(mode, featureSet);
  }

  /**
   * Computes the card features of {@code set}: for {@link FeatureSet#V2} every output carries a
   * {@link ProfileFeatures} with the card part filled (the merchant part is {@code
   * MerchantFeatures}'s), and a silent card's state is kept 31 days instead of 24 hours.
   */
  public TrailingCardFeatures withFeatureSet(FeatureSet set) {
    if (set == null) {
      throw new IllegalArgumentException("feature set must not be null");
    }
    return new TrailingCardFeatures(mode, set);
  }

  /** The mode {@code expand} will use for an input of the given boundedness. */
  public Mode resolvedMode(PCollection.IsBounded bounded) {
    if (mode != Mode.AUTO) {
      return mode;
    }
    return bounded == PCollection.IsBounded.BOUNDED ? Mode.SORTED : Mode.STATEFUL;
  }

  @Override
  public WithDeadLetters<FeaturedTransaction> expand(PCollection<Transaction> input) {
    TupleTag<FeaturedTransaction> featured = new TupleTag<>() {};
    TupleTag<DeadLetter> dead = new TupleTag<>() {};
    PCollection<KV<String, Transaction>> byCard =
        input.apply(
            "KeyByCard",
            WithKeys.of(Transaction::getCardId).withKeyType(TypeDescriptors.strings()));
    PCollectionTuple result;
    Mode resolved = resolvedMode(input.isBounded());
    if (resolved == Mode.SORTED) {
      if (input.isBounded() != PCollection.IsBounded.BOUNDED) {
        throw new IllegalArgumentException(
            "TrailingCardFeatures Mode.SORTED needs a bounded input; use Mode.STATEFUL or AUTO");
      }
      result =
          byCard
              .apply(
                  "IntoGlobalWindowEarliest",
                  Window.<KV<String, Transaction>>into(new GlobalWindows())
                      .withTimestampCombiner(TimestampCombiner.EARLIEST))
              .apply("GroupByCard", GroupByKey.create())
              .apply(
                  "SweepSortedCard",
                  ParDo.of(new SortedSweepFn(featured, dead, featureSet))
                      .withOutputTags(featured, TupleTagList.of(dead)));
    } else {
      CardStateFn fn =
          resolved == Mode.STATEFUL
              ? new StatefulFeaturesFn(featured, dead, featureSet)
              : new UntimedFeaturesFn(featured, dead, featureSet);
      result =
          byCard.apply(
              "UpdateCardState", ParDo.of(fn).withOutputTags(featured, TupleTagList.of(dead)));
    }
    return WithDeadLetters.of(result, featured, dead);
  }

  /** {@code txn}'s features from {@code history} (which does not hold it yet). */
  static FeaturedTransaction featuresOf(CardHistory history, Transaction txn, boolean late) {
    CardFeatures features = history.featuresFor(txn);
    ProfileFeatures profile =
        history.hasProfile() ? ProfileFeatures.ofCard(history.profileFor(txn)) : null;
    return FeaturedTransaction.of(txn, features, profile, late);
  }

  static DeadLetter duplicate(Transaction txn) {
    return DeadLetter.of(
        JsonFormat.transaction(txn),
        "duplicate transaction_id " + txn.getTransactionId() + " for card " + txn.getCardId(),
        STAGE,
        "card:" + txn.getCardId());
  }

  /** Bounded path: one card's whole history, sorted, swept once. */
  static final class SortedSweepFn
      extends DoFn<KV<String, Iterable<Transaction>>, FeaturedTransaction> {
    private static final Comparator<Transaction> ORDER =
        Comparator.comparingLong(Transaction::getEventTimeMillis)
            .thenComparing(Transaction::getTransactionId);
    private final TupleTag<FeaturedTransaction> featuredTag;
    private final TupleTag<DeadLetter> deadTag;
    private final Counter computed = Metrics.counter(METRICS_NAMESPACE, "computed");
    private final Counter duplicates = Metrics.counter(METRICS_NAMESPACE, "duplicates");
    private final FeatureSet featureSet;

    SortedSweepFn(
        TupleTag<FeaturedTransaction> featuredTag,
        TupleTag<DeadLetter> deadTag,
        FeatureSet featureSet) {
      this.featuredTag = featuredTag;
      this.deadTag = deadTag;
      this.featureSet = featureSet;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<Transaction>> card, MultiOutputReceiver out) {
      List<Transaction> sorted = new ArrayList<>();
      card.getValue().forEach(sorted::add);
      sorted.sort(ORDER);
      CardHistory history = new CardHistory(featureSet);
      for (Transaction txn : sorted) {
        if (history.contains(txn.getTransactionId())) {
          duplicates.inc();
          out.get(deadTag).output(duplicate(txn));
          continue;
        }
        FeaturedTransaction featured = featuresOf(history, txn, false);
        history.add(txn);
        history.evictExpired();
        computed.inc();
        out.get(featuredTag).outputWithTimestamp(featured, new Instant(txn.getEventTimeMillis()));
      }
    }
  }

  /**
   * Unbounded paths: per-card state in arrival order, trimmed to 24 h on every update. Subclasses
   * declare the state (Beam binds state only in the declaring class) and the element method, with
   * or without an expiry timer, and call {@link #update}.
   */
  abstract static class CardStateFn extends DoFn<KV<String, Transaction>, FeaturedTransaction> {
    private final TupleTag<FeaturedTransaction> featuredTag;
    private final TupleTag<DeadLetter> deadTag;
    private final Counter computed = Metrics.counter(METRICS_NAMESPACE, "computed");
    private final Counter lateCount = Metrics.counter(METRICS_NAMESPACE, "late");
    private final Counter duplicates = Metrics.counter(METRICS_NAMESPACE, "duplicates");
    private final Distribution heldPerCard =
        Metrics.distribution(METRICS_NAMESPACE, "held_per_card");

    /** Encoded size of a card's state (what a checkpoint stores), sampled every 256th element. */
    private final Distribution stateBytes =
        Metrics.distribution(METRICS_NAMESPACE, "state_bytes_per_card");

    private final FeatureSet featureSet;

    private transient long seen;

    CardStateFn(
        TupleTag<FeaturedTransaction> featuredTag,
        TupleTag<DeadLetter> deadTag,
        FeatureSet featureSet) {
      this.featuredTag = featuredTag;
      this.deadTag = deadTag;
      this.featureSet = featureSet;
    }

    /**
     * Computes {@code txn}'s features from the card's state and adds it; returns the updated
     * history, or {@code null} for a duplicate (dead-lettered, state unchanged).
     */
    final CardHistory update(
        Transaction txn, ValueState<CardHistory> historyState, MultiOutputReceiver out) {
      CardHistory held = historyState.read();
      if (held != null && held.contains(txn.getTransactionId())) {
        duplicates.inc();
        out.get(deadTag).output(duplicate(txn));
        return null;
      }
      // Updated as a copy: with --fasterCopy the held value is shared with in-flight snapshots.
      CardHistory history = held == null ? new CardHistory(featureSet) : held.copy();
      boolean late = history.hasLaterThan(txn);
      FeaturedTransaction featured = featuresOf(history, txn, late);
      history.add(txn);
      history.evictExpired();
      historyState.write(history);
      heldPerCard.update(history.size());
      if ((seen++ & 255) == 0) {
        stateBytes.update(StateSize.encoded(CardHistoryCoder.of(), history));
      }
      computed.inc();
      if (late) {
        lateCount.inc();
      }
      out.get(featuredTag).output(featured);
      return history;
    }
  }

  /**
   * {@link Mode#STATEFUL}: an event-time timer clears a card's state after 24 h of silence. The
   * timer is not moved on every transaction: it stays where it was set, and when it fires before
   * the card has been silent for 24 h it is set again, 24 h after the newest transaction (a card
   * transacting every hour costs one timer a day, not one per transaction).
   */
  static final class StatefulFeaturesFn extends CardStateFn {
    private final Counter expired = Metrics.counter(METRICS_NAMESPACE, "card_state_expired");

    @StateId("history")
    private final StateSpec<ValueState<CardHistory>> historySpec =
        StateSpecs.value(CardHistoryCoder.state());

    /** When the expiry timer is set to fire; absent when none is set. */
    @StateId("expiryAt")
    private final StateSpec<ValueState<Long>> expiryAtSpec = StateSpecs.value(VarLongCoder.of());

    @TimerId("expiry")
    private final TimerSpec expirySpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    StatefulFeaturesFn(
        TupleTag<FeaturedTransaction> featuredTag,
        TupleTag<DeadLetter> deadTag,
        FeatureSet featureSet) {
      super(featuredTag, deadTag, featureSet);
    }

    @ProcessElement
    public void process(
        @Element KV<String, Transaction> element,
        @StateId("history") ValueState<CardHistory> historyState,
        @StateId("expiryAt") ValueState<Long> expiryAt,
        @TimerId("expiry") Timer expiry,
        MultiOutputReceiver out) {
      CardHistory history = update(element.getValue(), historyState, out);
      if (history != null && expiryAt.read() == null) {
        // Once the watermark passes newest + 24 h (31 days for v2), nothing held can be in any
        // on-time window.
        long at = history.newestMillis() + history.retentionMillis();
        expiry.set(new Instant(at));
        expiryAt.write(at);
      }
    }

    @OnTimer("expiry")
    public void onExpiry(
        @Timestamp Instant firing,
        @StateId("history") ValueState<CardHistory> historyState,
        @StateId("expiryAt") ValueState<Long> expiryAt,
        @TimerId("expiry") Timer expiry) {
      CardHistory history = historyState.read();
      if (history != null
          && history.newestMillis() + history.retentionMillis() > firing.getMillis()) {
        long at = history.newestMillis() + history.retentionMillis(); // it transacted since: later
        expiry.set(new Instant(at));
        expiryAt.write(at);
        return;
      }
      historyState.clear();
      expiryAt.clear();
      expired.inc();
    }
  }

  /** {@link Mode#STATEFUL_NO_TIMER}: the same state, trimmed only when the card transacts. */
  static final class UntimedFeaturesFn extends CardStateFn {
    @StateId("history")
    private final StateSpec<ValueState<CardHistory>> historySpec =
        StateSpecs.value(CardHistoryCoder.state());

    UntimedFeaturesFn(
        TupleTag<FeaturedTransaction> featuredTag,
        TupleTag<DeadLetter> deadTag,
        FeatureSet featureSet) {
      super(featuredTag, deadTag, featureSet);
    }

    @ProcessElement
    public void process(
        @Element KV<String, Transaction> element,
        @StateId("history") ValueState<CardHistory> historyState,
        MultiOutputReceiver out) {
      update(element.getValue(), historyState, out);
    }
  }
}
