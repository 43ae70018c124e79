package dev.vigil.inference;

import java.io.Serializable;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.values.KV;

/**
 * How a {@link RunInference} element becomes an example and its result an output: the element
 * itself ({@link #plain}), or the value of a {@code KV} whose key the output keeps ({@link
 * #keyed}).
 *
 * @param <E> the element type
 * @param <T> the example type
 * @param <O> the output type
 */
abstract class Adapter<E, T, O> implements Serializable {
  private static final long serialVersionUID = 1L;

  abstract T example(E element);

  abstract O output(E element, PredictionResult<T> result);

  abstract Coder<O> outputCoder(Coder<E> elementCoder);

  static <T> Adapter<T, T, PredictionResult<T>> plain() {
    return new Adapter<>() {
      private static final long serialVersionUID = 1L;

      @Override
      T example(T element) {
        return element;
      }

      @Override
      PredictionResult<T> output(T element, PredictionResult<T> result) {
        return result;
      }

      @Override
      Coder<PredictionResult<T>> outputCoder(Coder<T> elementCoder) {
        return PredictionResultCoder.of(elementCoder);
      }
    };
  }

  static <K, T> Adapter<KV<K, T>, T, KV<K, PredictionResult<T>>> keyed() {
    return new Adapter<>() {
      private static final long serialVersionUID = 1L;

      @Override
      T example(KV<K, T> element) {
        return element.getValue();
      }

      @Override
      KV<K, PredictionResult<T>> output(KV<K, T> element, PredictionResult<T> result) {
        return KV.of(element.getKey(), result);
      }

      @Override
      Coder<KV<K, PredictionResult<T>>> outputCoder(Coder<KV<K, T>> elementCoder) {
        if (!(elementCoder instanceof KvCoder<K, T> kv)) {
          throw new IllegalArgumentException(
              "keyed RunInference needs a KvCoder on its input, got " + elementCoder);
        }
        return KvCoder.of(kv.getKeyCoder(), PredictionResultCoder.of(kv.getValueCoder()));
      }
    };
  }
}
