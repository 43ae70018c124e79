package dev.vigil.transforms;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.StructuredCoder;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeParameter;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One element of a stream that carries two kinds: a first or a second, never both. Keyed state that
 * must see two inputs in one order (a card's transactions and the actions on it, a merchant's
 * transactions and its labels) reads them as one {@code PCollection<KV<K, OneOf<A, B>>>}: flatten
 * the two inputs mapped with {@link #ofFirst} and {@link #ofSecond}, coded by {@link Coder}.
 */
public final class OneOf<A, B> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final @Nullable A first;
  private final @Nullable B second;

  private OneOf(@Nullable A first, @Nullable B second) {
    this.first = first;
    this.second = second;
  }

  public static <A, B> OneOf<A, B> ofFirst(A first) {
    return new OneOf<>(Objects.requireNonNull(first, "first"), null);
  }

  public static <A, B> OneOf<A, B> ofSecond(B second) {
    return new OneOf<>(null, Objects.requireNonNull(second, "second"));
  }

  /** The first kind's element, or null when this holds the second kind. */
  public @Nullable A first() {
    return first;
  }

  /** The second kind's element, or null when this holds the first kind. */
  public @Nullable B second() {
    return second;
  }

  /** The type {@code OneOf<A, B>}, for {@code MapElements.into}. */
  public static <A, B> TypeDescriptor<OneOf<A, B>> type(
      TypeDescriptor<A> first, TypeDescriptor<B> second) {
    return new TypeDescriptor<OneOf<A, B>>() {}.where(new TypeParameter<A>() {}, first)
        .where(new TypeParameter<B>() {}, second);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof OneOf<?, ?> other
        && Objects.equals(first, other.first)
        && Objects.equals(second, other.second);
  }

  @Override
  public int hashCode() {
    return Objects.hash(first, second);
  }

  @Override
  public String toString() {
    return first != null ? "first(" + first + ")" : "second(" + second + ")";
  }

  /**
   * Deterministic when both kinds' coders are: a tag byte (0 first, 1 second), then the element.
   */
  public static final class Coder<A, B> extends StructuredCoder<OneOf<A, B>> {
    private final org.apache.beam.sdk.coders.Coder<A> firstCoder;
    private final org.apache.beam.sdk.coders.Coder<B> secondCoder;

    private Coder(
        org.apache.beam.sdk.coders.Coder<A> firstCoder,
        org.apache.beam.sdk.coders.Coder<B> secondCoder) {
      this.firstCoder = firstCoder;
      this.secondCoder = secondCoder;
    }

    public static <A, B> Coder<A, B> of(
        org.apache.beam.sdk.coders.Coder<A> firstCoder,
        org.apache.beam.sdk.coders.Coder<B> secondCoder) {
      return new Coder<>(firstCoder, secondCoder);
    }

    @Override
    public void encode(OneOf<A, B> value, OutputStream out) throws IOException {
      if (value.first != null) {
        out.write(0);
        firstCoder.encode(value.first, out);
      } else {
        out.write(1);
        secondCoder.encode(value.second, out);
      }
    }

    @Override
    public OneOf<A, B> decode(InputStream in) throws IOException {
      int tag = in.read();
      if (tag == 0) {
        return ofFirst(firstCoder.decode(in));
      }
      if (tag == 1) {
        return ofSecond(secondCoder.decode(in));
      }
      throw new CoderException("OneOf: unknown tag " + tag + " (expected 0 or 1)");
    }

    @Override
    public List<? extends org.apache.beam.sdk.coders.Coder<?>> getCoderArguments() {
      return List.of(firstCoder, secondCoder);
    }

    @Override
    public void verifyDeterministic() throws NonDeterministicException {
      verifyDeterministic(this, "the first kind's coder must be deterministic", firstCoder);
      verifyDeterministic(this, "the second kind's coder must be deterministic", secondCoder);
    }
  }
}
