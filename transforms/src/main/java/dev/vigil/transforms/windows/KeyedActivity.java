package dev.vigil.transforms.windows;

import dev.vigil.model.DecidedTransaction;
import dev.vigil.model.Transaction;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Each decided transaction as its activity ({@link WindowStats#of}) keyed by one of its fields:
 * what a summary needs, and all its keyed shuffle carries. Element timestamps are kept.
 */
final class KeyedActivity
    extends PTransform<PCollection<DecidedTransaction>, PCollection<KV<String, WindowStats>>> {
  private final SerializableFunction<Transaction, String> key;

  private KeyedActivity(SerializableFunction<Transaction, String> key) {
    this.key = key;
  }

  static KeyedActivity by(SerializableFunction<Transaction, String> key) {
    return new KeyedActivity(key);
  }

  @Override
  public PCollection<KV<String, WindowStats>> expand(PCollection<DecidedTransaction> input) {
    SerializableFunction<Transaction, String> k = key;
    return input
        .apply(
            MapElements.into(
                    TypeDescriptors.kvs(
                        TypeDescriptors.strings(), new TypeDescriptor<WindowStats>() {}))
                .via(
                    (DecidedTransaction d) -> {
                      Transaction t = d.getTransaction();
                      return KV.of(
                          k.apply(t),
                          WindowStats.of(
                              t.getAmount(), t.getEventTimeMillis(), d.getScore(), d.isAlert()));
                    }))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), WindowStats.Coder.of()));
  }
}
