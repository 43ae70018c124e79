package dev.vigil.inference;

import java.util.Objects;

/**
 * An element the model could not score, with the reason (an exception's message: a wrong input
 * width, a NaN, a model error) and the model it was tried on. Its coder is {@link
 * InferenceFailureCoder}.
 *
 * @param <T> the element type
 */
public final class InferenceFailure<T> {
  private final T element;
  private final String reason;
  private final String modelId;

  private InferenceFailure(T element, String reason, String modelId) {
    this.element = element;
    this.reason = reason;
    this.modelId = modelId;
  }

  public static <T> InferenceFailure<T> of(T element, String reason, String modelId) {
    return new InferenceFailure<>(
        element, Objects.requireNonNull(reason), modelId == null ? "" : modelId);
  }

  /** The element as it came in. */
  public T element() {
    return element;
  }

  /** Why it could not be scored. */
  public String reason() {
    return reason;
  }

  /** The model it was tried on (its location). */
  public String modelId() {
    return modelId;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InferenceFailure<?> f
        && Objects.equals(element, f.element)
        && reason.equals(f.reason)
        && modelId.equals(f.modelId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(element, reason, modelId);
  }

  @Override
  public String toString() {
    return "InferenceFailure{" + element + ": " + reason + " (" + modelId + ")}";
  }
}
