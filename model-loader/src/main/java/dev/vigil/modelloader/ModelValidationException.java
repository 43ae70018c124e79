package dev.vigil.modelloader;

/**
 * A model version that cannot serve: unreadable, wrong signature, or features that do not match.
 */
public final class ModelValidationException extends Exception {
  private static final long serialVersionUID = 1L;

  public ModelValidationException(String message) {
    super(message);
  }

  public ModelValidationException(String message, Throwable cause) {
    super(message, cause);
  }
}
