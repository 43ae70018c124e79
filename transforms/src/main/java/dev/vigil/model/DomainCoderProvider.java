package dev.vigil.model;

import java.util.List;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * The {@link CoderProvider} behind each domain type's {@code @DefaultCoder}: Beam's {@code
 * DefaultCoder} provider calls the coder class's {@code public static CoderProvider
 * getCoderProvider()}, and that returns one of these. It answers for the domain type and for its
 * AutoValue subclass, so no domain type ever falls back to {@code SerializableCoder}.
 */
final class DomainCoderProvider<T> extends CoderProvider {
  private final Class<T> type;
  private final Coder<T> coder;

  private DomainCoderProvider(Class<T> type, Coder<T> coder) {
    this.type = type;
    this.coder = coder;
  }

  static <T> CoderProvider of(Class<T> type, Coder<T> coder) {
    return new DomainCoderProvider<>(type, coder);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <X> Coder<X> coderFor(
      TypeDescriptor<X> typeDescriptor, List<? extends Coder<?>> components)
      throws CannotProvideCoderException {
    if (!type.isAssignableFrom(typeDescriptor.getRawType())) {
      throw new CannotProvideCoderException(
          coder.getClass().getSimpleName()
              + " encodes "
              + type.getName()
              + ", not "
              + typeDescriptor);
    }
    return (Coder<X>) coder;
  }
}
