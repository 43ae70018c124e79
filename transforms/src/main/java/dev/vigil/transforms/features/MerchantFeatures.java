package dev.vigil.transforms.features;

import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.FeaturedTransactionCoder;
import dev.vigil.model.Label;
import dev.vigil.model.LabelCoder;
import dev.vigil.model.ProfileFeatures;
import dev.vigil.model.VersionedStateCoder;
import dev.vigil.transforms.OneOf;
import dev.vigil.transforms.features.TrailingCardFeatures.Mode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Fills the merchant part of the v2 features ({@link ProfileFeatures#MERCHANT_NAMES}): the
 * merchant's transaction counts over the 1, 7 and 30 whole UTC days before each transaction's day,
 * and its risk, the fraud share of its transactions whose labels became known in those days ({@link
 * MerchantProfile}). Labels come from {@link #withLabels}; without them every risk is 0.
 *
 * <p>The input must carry v2 card features ({@code TrailingCardFeatures.withFeatureSet(V2)}). As
 * for the card features, bounded input is grouped per merchant and swept in time order (exact
 * whatever the input order); unbounded input keeps per-merchant state and computes a transaction of
 * day {@code D} once the watermark passes the start of {@code D}, so it is exact for every input
 * that is not late, whatever order partitions deliver it in ({@code STATEFUL_NO_TIMER}, for Spark
 * streaming, computes on arrival instead: exact when each day's events of a merchant arrive before
 * its next day's transactions).
 *
 * <pre>{@code
 * PCollection<FeaturedTransaction> withMerchant =
 *     cardFeatured.apply("MerchantFeatures", MerchantFeatures.create().withLabels(labels));
 * }</pre>
 */
public final class MerchantFeatures
    extends PTransform<PCollection<FeaturedTransaction>, PCollection<FeaturedTransaction>> {
  // Transient: the transform is serialized with the graph, a PCollection cannot be (see
  // EnforceCardActions).
  private final transient @Nullable PCollection<Label> labels;
  private final Mode mode;

  private MerchantFeatures(@Nullable PCollection<Label> labels, Mode mode) {
    this.labels = labels;
    this.mode = mode;
  }

  public static MerchantFeatures create() {
    return new MerchantFeatures(null, Mode.AUTO);
  }

  /** The labels whose fraud shares make the merchant risk features (same pipeline). */
  public MerchantFeatures withLabels(PCollection<Label> labels) {
    if (labels == null) {
      throw new IllegalArgumentException("labels must not be null");
    }
    return new MerchantFeatures(labels, mode);
  }

  /** How per-merchant state is kept; the same modes as {@link TrailingCardFeatures#withMode}. */
  public MerchantFeatures withMode(Mode mode) {
    if (mode == null) {
      throw new IllegalArgumentException("mode must not be null");
    }
    return new MerchantFeatures(labels, mode);
  }

  @Override
  public PCollection<FeaturedTransaction> expand(PCollection<FeaturedTransaction> input) {
    KvCoder<String, OneOf<FeaturedTransaction, Label>> coder =
        KvCoder.of(
            StringUtf8Coder.of(), OneOf.Coder.of(FeaturedTransactionCoder.of(), LabelCoder.of()));
    TypeDescriptor<KV<String, OneOf<FeaturedTransaction, Label>>> type =
        TypeDescriptors.kvs(
            TypeDescriptors.strings(),
            OneOf.type(
                TypeDescriptor.of(FeaturedTransaction.class), TypeDescriptor.of(Label.class)));
    PCollectionList<KV<String, OneOf<FeaturedTransaction, Label>>> parts =
        PCollectionList.of(
            input
                .apply(
                    "TransactionsByMerchant",
                    MapElements.into(type)
                        .via(
                            (FeaturedTransaction f) ->
                                KV.of(f.getTransaction().getMerchantId(), OneOf.ofFirst(f))))
                .setCoder(coder));
    if (labels != null) {
      parts =
          parts.and(
              labels
                  .apply(
                      "LabelsByMerchant",
                      MapElements.into(type)
                          .via((Label l) -> KV.of(l.getMerchantId(), OneOf.ofSecond(l))))
                  .setCoder(coder));
    }
    PCollection<KV<String, OneOf<FeaturedTransaction, Label>>> events =
        parts.apply("TransactionsAndLabels", Flatten.pCollections()).setCoder(coder);
    Mode resolved =
        mode != Mode.AUTO
            ? mode
            : input.isBounded() == PCollection.IsBounded.BOUNDED ? Mode.SORTED : Mode.STATEFUL;
    if (resolved == Mode.SORTED) {
      return events
          .apply(
              "IntoGlobalWindowEarliest",
              Window.<KV<String, OneOf<FeaturedTransaction, Label>>>into(new GlobalWindows())
                  .withTimestampCombiner(TimestampCombiner.EARLIEST))
          .apply("GroupByMerchant", GroupByKey.create())
          .apply("SweepSortedMerchant", ParDo.of(new SortedMerchantFn()));
    }
    return events.apply(
        "UpdateMerchantState",
        ParDo.of(resolved == Mode.STATEFUL ? new StatefulMerchantFn() : new UntimedMerchantFn()));
  }

  static FeaturedTransaction withMerchantPart(FeaturedTransaction f, MerchantProfile profile) {
    ProfileFeatures p = f.getProfile();
    if (p == null) {
      throw new IllegalStateException(
          "MerchantFeatures needs v2 card features: apply TrailingCardFeatures"
              + ".withFeatureSet(FeatureSet.V2) first (transaction "
              + f.getTransaction().getTransactionId()
              + " has v1 features only)");
    }
    return f.withProfile(
        p.withMerchant(profile.featuresAt(f.getTransaction().getEventTimeMillis())));
  }

  /**
   * When an event happens for the merchant: the transaction's event time, the label's labelled_at.
   */
  static long timeMillis(OneOf<FeaturedTransaction, Label> e) {
    FeaturedTransaction t = e.first();
    return t != null ? t.getTransaction().getEventTimeMillis() : e.second().getLabelledAtMillis();
  }

  /** Sort key within one time: labels first (a label counts from its labelled_at on), then ids. */
  static String tieBreak(OneOf<FeaturedTransaction, Label> e) {
    FeaturedTransaction t = e.first();
    if (t != null) {
      return "1" + t.getTransaction().getTransactionId();
    }
    Label label = e.second();
    return "0" + label.getTransactionId() + (label.isFraud() ? "1" : "0");
  }

  /** Bounded path: one merchant's transactions and labels, in time order. */
  static final class SortedMerchantFn
      extends DoFn<KV<String, Iterable<OneOf<FeaturedTransaction, Label>>>, FeaturedTransaction> {
    private final Counter computed =
        Metrics.counter(TrailingCardFeatures.METRICS_NAMESPACE, "merchant_computed");
    private final Counter labelsSeen =
        Metrics.counter(TrailingCardFeatures.METRICS_NAMESPACE, "labels_applied");

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<OneOf<FeaturedTransaction, Label>>> merchant,
        OutputReceiver<FeaturedTransaction> out) {
      List<OneOf<FeaturedTransaction, Label>> sorted = new ArrayList<>();
      merchant.getValue().forEach(sorted::add);
      sorted.sort(
          Comparator.comparingLong(MerchantFeatures::timeMillis)
              .thenComparing(MerchantFeatures::tieBreak));
      MerchantProfile profile = new MerchantProfile();
      for (OneOf<FeaturedTransaction, Label> e : sorted) {
        if (e.second() != null) {
          profile.addLabel(e.second());
          labelsSeen.inc();
          continue;
        }
        FeaturedTransaction f = withMerchantPart(e.first(), profile);
        profile.addTransaction(timeMillis(e));
        computed.inc();
        out.outputWithTimestamp(f, new Instant(timeMillis(e)));
      }
    }
  }

  /**
   * Unbounded paths: per-merchant state. Subclasses declare the state (Beam binds state only in the
   * declaring class) and call {@link #add} and {@link #compute}.
   */
  abstract static class MerchantStateFn
      extends DoFn<KV<String, OneOf<FeaturedTransaction, Label>>, FeaturedTransaction> {
    private final Counter computed =
        Metrics.counter(TrailingCardFeatures.METRICS_NAMESPACE, "merchant_computed");
    private final Counter labelsSeen =
        Metrics.counter(TrailingCardFeatures.METRICS_NAMESPACE, "labels_applied");
    private final Distribution stateBytes =
        Metrics.distribution(TrailingCardFeatures.METRICS_NAMESPACE, "state_bytes_per_merchant");
    private transient long seen;

    /**
     * Adds the event to the merchant's state (a transaction to its day's count: a day's features
     * never read their own day, so this may precede computing them); returns the updated state.
     */
    final MerchantProfile add(
        OneOf<FeaturedTransaction, Label> e, ValueState<MerchantProfile> state) {
      MerchantProfile held = state.read();
      MerchantProfile profile = held == null ? new MerchantProfile() : held.copy();
      if (e.second() != null) {
        profile.addLabel(e.second());
        labelsSeen.inc();
      } else {
        profile.addTransaction(timeMillis(e));
      }
      state.write(profile);
      if ((seen++ & 255) == 0) {
        stateBytes.update(StateSize.encoded(MerchantProfileCoder.of(), profile));
      }
      return profile;
    }

    /** {@code f} with its merchant features from {@code profile}. */
    final FeaturedTransaction compute(FeaturedTransaction f, MerchantProfile profile) {
      computed.inc();
      return withMerchantPart(f, profile);
    }
  }

  /**
   * {@link Mode#STATEFUL}: computes a transaction of day {@code D} once the watermark has passed
   * the start of {@code D}, when every transaction and label of the earlier days that is not late
   * has arrived, whatever order the partitions deliver them in; until then it waits in state (in
   * real time, only in the first seconds of a day). A timer clears a merchant silent for 31 days.
   */
  static final class StatefulMerchantFn extends MerchantStateFn {
    /** Version of the waiting transactions' encoding in state; bump it when it changes. */
    static final int WAITING_VERSION = 1;

    static final VersionedStateCoder<FeaturedTransaction> WAITING_CODER =
        VersionedStateCoder.of(
            "merchant stage's waiting transactions",
            'W',
            WAITING_VERSION,
            FeaturedTransactionCoder.of());

    private static final long RETENTION_MS = (MerchantProfile.DAYS + 1) * CardHistory.DAY_MS;
    private static final Comparator<FeaturedTransaction> ORDER =
        Comparator.comparingLong((FeaturedTransaction f) -> f.getTransaction().getEventTimeMillis())
            .thenComparing(f -> f.getTransaction().getTransactionId());

    @StateId("merchant")
    private final StateSpec<ValueState<MerchantProfile>> merchantSpec =
        StateSpecs.value(MerchantProfileCoder.state());

    /** Transactions waiting for the watermark to reach their day. */
    @StateId("waiting")
    private final StateSpec<BagState<FeaturedTransaction>> waitingSpec =
        StateSpecs.bag(WAITING_CODER);

    @StateId("expiryAt")
    private final StateSpec<ValueState<Long>> expiryAtSpec = StateSpecs.value(VarLongCoder.of());

    @TimerId("expiry")
    private final TimerSpec expirySpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @TimerId("release")
    private final TimerSpec releaseSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    private final Counter waited =
        Metrics.counter(TrailingCardFeatures.METRICS_NAMESPACE, "merchant_waited_for_watermark");

    @ProcessElement
    public void process(
        @Element KV<String, OneOf<FeaturedTransaction, Label>> element,
        @StateId("merchant") ValueState<MerchantProfile> state,
        @StateId("waiting") BagState<FeaturedTransaction> waiting,
        @StateId("expiryAt") ValueState<Long> expiryAt,
        @TimerId("expiry") Timer expiry,
        @TimerId("release") Timer release,
        OutputReceiver<FeaturedTransaction> out) {
      OneOf<FeaturedTransaction, Label> e = element.getValue();
      MerchantProfile profile = add(e, state);
      if (e.first() != null) {
        long dayStart = CardProfile.dayOf(timeMillis(e)) * CardHistory.DAY_MS;
        long watermark = release.getCurrentRelativeTime().getMillis();
        if (watermark >= dayStart) {
          out.output(compute(e.first(), profile));
        } else {
          waiting.add(e.first());
          waited.inc();
          // The earliest waiting day wins: a later one is released by the timer's next setting.
          release.set(new Instant(nextRelease(waiting.read(), Long.MAX_VALUE)));
        }
      }
      if (expiryAt.read() == null) {
        long at = profile.newestMillis + RETENTION_MS;
        expiry.set(new Instant(at));
        expiryAt.write(at);
      }
    }

    @OnTimer("release")
    public void onRelease(
        @Timestamp Instant firing,
        @StateId("merchant") ValueState<MerchantProfile> state,
        @StateId("waiting") BagState<FeaturedTransaction> waiting,
        @TimerId("release") Timer release,
        OutputReceiver<FeaturedTransaction> out) {
      List<FeaturedTransaction> ready = new ArrayList<>();
      List<FeaturedTransaction> later = new ArrayList<>();
      for (FeaturedTransaction f : waiting.read()) {
        long dayStart =
            CardProfile.dayOf(f.getTransaction().getEventTimeMillis()) * CardHistory.DAY_MS;
        (dayStart <= firing.getMillis() ? ready : later).add(f);
      }
      ready.sort(ORDER);
      MerchantProfile profile = state.read();
      for (FeaturedTransaction f : ready) {
        out.outputWithTimestamp(
            compute(f, profile), new Instant(f.getTransaction().getEventTimeMillis()));
      }
      waiting.clear();
      later.forEach(waiting::add);
      if (!later.isEmpty()) {
        release.set(new Instant(nextRelease(later, Long.MAX_VALUE)));
      }
    }

    private static long nextRelease(Iterable<FeaturedTransaction> waiting, long at) {
      for (FeaturedTransaction f : waiting) {
        at =
            Math.min(
                at,
                CardProfile.dayOf(f.getTransaction().getEventTimeMillis()) * CardHistory.DAY_MS);
      }
      return at;
    }

    @OnTimer("expiry")
    public void onExpiry(
        @Timestamp Instant firing,
        @StateId("merchant") ValueState<MerchantProfile> state,
        @StateId("waiting") BagState<FeaturedTransaction> waiting,
        @StateId("expiryAt") ValueState<Long> expiryAt,
        @TimerId("expiry") Timer expiry) {
      MerchantProfile profile = state.read();
      if (profile != null && profile.newestMillis + RETENTION_MS > firing.getMillis()) {
        long at = profile.newestMillis + RETENTION_MS;
        expiry.set(new Instant(at));
        expiryAt.write(at);
        return;
      }
      state.clear();
      expiryAt.clear();
    }
  }

  /** {@link Mode#STATEFUL_NO_TIMER}: the same state, trimmed only when the merchant has events. */
  static final class UntimedMerchantFn extends MerchantStateFn {
    @StateId("merchant")
    private final StateSpec<ValueState<MerchantProfile>> merchantSpec =
        StateSpecs.value(MerchantProfileCoder.state());

    @ProcessElement
    public void process(
        @Element KV<String, OneOf<FeaturedTransaction, Label>> element,
        @StateId("merchant") ValueState<MerchantProfile> state,
        OutputReceiver<FeaturedTransaction> out) {
      OneOf<FeaturedTransaction, Label> e = element.getValue();
      MerchantProfile profile = add(e, state);
      if (e.first() != null) {
        out.output(compute(e.first(), profile));
      }
    }
  }
}
