package dev.vigil.model;

/** What Vigil does with a scored transaction. */
public enum Decision {
  APPROVE,
  REVIEW,
  BLOCK
}
