package dev.vigil.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * A record the pipeline could not process: the original payload, why it failed, the stage that
 * rejected it and where it came from. Every failure in Vigil becomes one of these; nothing is
 * dropped silently.
 */
@DefaultCoder(DeadLetterCoder.class)
@AutoValue
public abstract class DeadLetter implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The payload as received (possibly truncated for oversize records, see {@link #MAX_RAW}). */
  public abstract String getRaw();

  /** A human-readable reason, naming the field and the rule. */
  public abstract String getError();

  /** The stage that rejected the record, e.g. {@code parse}, {@code features}, {@code score}. */
  public abstract String getStage();

  /** Where the record came from, e.g. {@code file:/data/in.jsonl:42} or {@code kafka:txns/0@17}. */
  public abstract String getSource();

  /** When it failed, epoch milliseconds of processing time. */
  public abstract long getFailedAtMillis();

  /** Raw payloads longer than this many characters are truncated in the dead letter. */
  public static final int MAX_RAW = 64 * 1024;

  public static DeadLetter of(String raw, String error, String stage, String source) {
    String kept = raw.length() > MAX_RAW ? raw.substring(0, MAX_RAW) : raw;
    return new AutoValue_DeadLetter(kept, error, stage, source, System.currentTimeMillis());
  }

  public static DeadLetter create(
      String raw, String error, String stage, String source, long failedAtMillis) {
    return new AutoValue_DeadLetter(raw, error, stage, source, failedAtMillis);
  }
}
