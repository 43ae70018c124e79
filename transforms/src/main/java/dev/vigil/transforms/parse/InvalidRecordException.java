package dev.vigil.transforms.parse;

/** Thrown by {@link TransactionJson} with a reason that names the field and the rule broken. */
public final class InvalidRecordException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidRecordException(String reason) {
    super(reason, null, false, false);
  }
}
