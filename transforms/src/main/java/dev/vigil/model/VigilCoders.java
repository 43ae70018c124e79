package dev.vigil.model;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.CoderRegistry;

/**
 * Registers Vigil's compact coders on a pipeline. Every Vigil transform calls this in {@code
 * expand}: the domain types are {@code Serializable} (so tests and closures can capture them), and
 * without an explicit registration Beam's {@code SerializableCoder} provider would win over
 * {@code @DefaultCoder} and encode every element with Java serialization.
 */
public final class VigilCoders {
  private VigilCoders() {}

  public static void registerOn(Pipeline pipeline) {
    CoderRegistry r = pipeline.getCoderRegistry();
    r.registerCoderForClass(RawRecord.class, RawRecordCoder.of());
    r.registerCoderForClass(Transaction.class, TransactionCoder.of());
    r.registerCoderForClass(CardFeatures.class, CardFeaturesCoder.of());
    r.registerCoderForClass(FeaturedTransaction.class, FeaturedTransactionCoder.of());
    r.registerCoderForClass(ScoredTransaction.class, ScoredTransactionCoder.of());
    r.registerCoderForClass(DecidedTransaction.class, DecidedTransactionCoder.of());
    r.registerCoderForClass(Alert.class, AlertCoder.of());
    r.registerCoderForClass(DeadLetter.class, DeadLetterCoder.of());
    r.registerCoderForClass(MerchantWindow.class, MerchantWindowCoder.of());
    r.registerCoderForClass(CardSession.class, CardSessionCoder.of());
  }
}
