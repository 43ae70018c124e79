package dev.vigil.model;

import static dev.vigil.testing.Txns.T0;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.testing.TestPipelineExtension;
import dev.vigil.testing.Txns;
import dev.vigil.transforms.OneOf;
import dev.vigil.transforms.WithDeadLetters;
import dev.vigil.transforms.decide.Decide;
import dev.vigil.transforms.decide.RaiseAlerts;
import dev.vigil.transforms.features.TrailingCardFeatures;
import dev.vigil.transforms.parse.ParseTransactions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class DomainCodersTest {
  static final Transaction FULL =
      Txns.txn("t1", "c1", "m1", 12.5, T0, 48.85, 2.35).toBuilder()
          .setCurrency("EUR")
          .setChannel("POS")
          .setMerchantCategory("grocery")
          .build();
  static final Transaction MINIMAL = Txns.txn("t2", "c1", "m2", 0, T0 + 1);

  static <T> void roundTrips(Coder<T> coder, T value) throws Exception {
    CoderProperties.coderDecodeEncodeEqual(coder, value);
    CoderProperties.coderDeterministic(coder, value, value);
    CoderProperties.coderSerializable(coder);
  }

  @Test
  void everyCoderRoundTripsDeterministically() throws Exception {
    FeaturedTransaction featured =
        FeaturedTransaction.of(FULL, Txns.features(12.5, 1, 2, 3.5, 4.5, 60, 1.5, 90, 1), true);
    ScoredTransaction scored =
        ScoredTransaction.of(featured, 0.93, 4, List.of("count_1h", "amount"));
    DecidedTransaction decided = DecidedTransaction.of(scored, Decision.BLOCK);
    roundTrips(TransactionCoder.of(), FULL);
    roundTrips(TransactionCoder.of(), MINIMAL);
    roundTrips(RawRecordCoder.of(), RawRecord.of("{}", "file:x:1"));
    roundTrips(CardFeaturesCoder.of(), featured.getFeatures());
    roundTrips(FeaturedTransactionCoder.of(), featured);
    roundTrips(ScoredTransactionCoder.of(), scored);
    roundTrips(DecidedTransactionCoder.of(), decided);
    roundTrips(AlertCoder.of(), Alert.of(decided));
    roundTrips(DeadLetterCoder.of(), DeadLetter.create("raw", "err", "parse", "file:x:2", 5L));
    roundTrips(
        CardActionCoder.of(), CardAction.of("c", CardAction.Kind.BLOCK, 7L, "alice", "stolen"));
    OneOf.Coder<DecidedTransaction, CardAction> cardEvents =
        OneOf.Coder.of(DecidedTransactionCoder.of(), CardActionCoder.of());
    roundTrips(cardEvents, OneOf.ofFirst(decided));
    roundTrips(
        cardEvents, OneOf.ofSecond(CardAction.of("c", CardAction.Kind.UNBLOCK, 9L, null, null)));
    roundTrips(CardActionCoder.of(), CardAction.of("c", CardAction.Kind.UNBLOCK, 8L, null, null));
    roundTrips(
        MerchantWindowCoder.of(),
        MerchantWindow.builder()
            .setMerchantId("m")
            .setWindowStartMillis(1)
            .setWindowEndMillis(2)
            .setTxnCount(3)
            .setAmountSum(4.5)
            .setAvgScore(0.25)
            .setAlertCount(1)
            .setPaneTiming("LATE")
            .build());
    roundTrips(
        CardSessionCoder.of(),
        CardSession.builder()
            .setCardId("c")
            .setSessionStartMillis(1)
            .setSessionEndMillis(2)
            .setTxnCount(3)
            .setAmountSum(4.5)
            .setMaxScore(0.75)
            .setPaneTiming("ON_TIME")
            .build());
  }

  /** The profile is written in one piece, in the bytes Beam's DoubleCoder writes value by value. */
  @Test
  void profileFeaturesKeepTheirValueByValueEncoding() throws Exception {
    double[] v = new double[ProfileFeatures.NAMES.size()];
    double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, 1e300};
    for (int i = 0; i < v.length; i++) {
      v[i] = i < special.length ? special[i] : i * 1.5 - 7;
    }
    ProfileFeatures profile = ProfileFeatures.ofAll(v);
    ByteArrayOutputStream byValue = new ByteArrayOutputStream();
    for (double d : v) {
      DoubleCoder.of().encode(d, byValue);
    }
    assertThat(
        CoderUtils.encodeToByteArray(ProfileFeaturesCoder.of(), profile),
        equalTo(byValue.toByteArray()));
    roundTrips(ProfileFeaturesCoder.of(), profile);
    assertThrows(
        EOFException.class,
        () ->
            ProfileFeaturesCoder.of()
                .decode(new ByteArrayInputStream(Arrays.copyOf(byValue.toByteArray(), 20))));
  }

  /**
   * Beam's own {@code @DefaultCoder} mechanism picks each domain type's coder in a fresh registry
   * (nothing registered by hand), for the type and for its AutoValue class alike; none falls back
   * to {@code SerializableCoder}, although every domain type is {@code Serializable}.
   */
  @Test
  void everyDomainTypeGetsItsOwnCoderFromBeamsDefaultCoderMechanism() throws Exception {
    Map<Class<?>, Class<?>> expected = new LinkedHashMap<>();
    expected.put(RawRecord.class, RawRecordCoder.class);
    expected.put(Transaction.class, TransactionCoder.class);
    expected.put(CardFeatures.class, CardFeaturesCoder.class);
    expected.put(FeaturedTransaction.class, FeaturedTransactionCoder.class);
    expected.put(ScoredTransaction.class, ScoredTransactionCoder.class);
    expected.put(DecidedTransaction.class, DecidedTransactionCoder.class);
    expected.put(Alert.class, AlertCoder.class);
    expected.put(DeadLetter.class, DeadLetterCoder.class);
    expected.put(MerchantWindow.class, MerchantWindowCoder.class);
    expected.put(CardSession.class, CardSessionCoder.class);
    expected.put(CardAction.class, CardActionCoder.class);
    CoderRegistry registry = CoderRegistry.createDefault();
    for (Map.Entry<Class<?>, Class<?>> e : expected.entrySet()) {
      Coder<?> coder = registry.getCoder(TypeDescriptor.of(e.getKey()));
      assertThat(e.getKey().getSimpleName(), coder, instanceOf(e.getValue()));
      assertThat(coder, not(instanceOf(SerializableCoder.class)));
    }
    // The AutoValue class, as a DoFn returning the concrete type would declare it.
    assertThat(
        registry.getCoder(TypeDescriptor.of(RAW.getClass())), instanceOf(RawRecordCoder.class));
    // Every domain type of the package is in the table above.
    for (Class<?> c : DOMAIN_TYPES) {
      assertThat(c.getSimpleName() + " has a coder check", expected.containsKey(c));
    }
  }

  static final RawRecord RAW = RawRecord.of("{}", "s");
  static final List<Class<?>> DOMAIN_TYPES =
      List.of(
          RawRecord.class,
          Transaction.class,
          CardFeatures.class,
          FeaturedTransaction.class,
          ScoredTransaction.class,
          DecidedTransaction.class,
          Alert.class,
          DeadLetter.class,
          MerchantWindow.class,
          CardSession.class);

  @Test
  void transformsUseVigilsCodersNotJavaSerialization(TestPipeline p) {
    p.enableAbandonedNodeEnforcement(false);
    WithDeadLetters<Transaction> parsed =
        p.apply(Create.of(RawRecord.of("{}", "s")).withCoder(RawRecordCoder.of()))
            .apply(ParseTransactions.create());
    WithDeadLetters<FeaturedTransaction> featured =
        parsed.output().apply(TrailingCardFeatures.create());
    assertThat(parsed.output().getCoder(), instanceOf(TransactionCoder.class));
    assertThat(parsed.deadLetters().getCoder(), instanceOf(DeadLetterCoder.class));
    assertThat(featured.output().getCoder(), instanceOf(FeaturedTransactionCoder.class));
    PCollection<DecidedTransaction> decided =
        p.apply("Scored", Create.empty(ScoredTransactionCoder.of())).apply(Decide.create());
    assertThat(decided.getCoder(), instanceOf(DecidedTransactionCoder.class));
    assertThat(decided.apply(RaiseAlerts.create()).getCoder(), instanceOf(AlertCoder.class));
  }
}
