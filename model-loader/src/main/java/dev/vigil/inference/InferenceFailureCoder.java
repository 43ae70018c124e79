package dev.vigil.inference;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.StructuredCoder;

/**
 * Coder of {@link InferenceFailure}: the element with its own coder, the reason, the model id.
 *
 * @param <T> the element type
 */
public final class InferenceFailureCoder<T> extends StructuredCoder<InferenceFailure<T>> {
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private final Coder<T> elementCoder;

  private InferenceFailureCoder(Coder<T> elementCoder) {
    this.elementCoder = elementCoder;
  }

  public static <T> InferenceFailureCoder<T> of(Coder<T> elementCoder) {
    return new InferenceFailureCoder<>(elementCoder);
  }

  @Override
  public void encode(InferenceFailure<T> value, OutputStream out) throws IOException {
    elementCoder.encode(value.element(), out);
    STRING.encode(value.reason(), out);
    STRING.encode(value.modelId(), out);
  }

  @Override
  public InferenceFailure<T> decode(InputStream in) throws IOException {
    return InferenceFailure.of(elementCoder.decode(in), STRING.decode(in), STRING.decode(in));
  }

  @Override
  public List<? extends Coder<?>> getCoderArguments() {
    return List.of(elementCoder);
  }

  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    verifyDeterministic(this, "the element coder must be deterministic", elementCoder);
  }
}
