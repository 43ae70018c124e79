package dev.vigil.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * A record the pipeline could not process: the original payload, why it failed, the stage that
 * rejected it and where it came from. Every failure in Vigil becomes one of these; nothing is
 * dropped silently.
 *
 * <p>A payload over {@link #MAX_RAW} characters is kept as its prefix, so a dead letter always fits
 * a Kafka record (an oversize input would otherwise make an oversize dead letter, fail the write
 * and restart the job in a loop); its {@link #getRawBytes() length} and {@link #getRawSha256()
 * SHA-256} are those of the whole payload, to find the original record.
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

  /**
   * Length in bytes of the whole payload as received (UTF-8), also when {@link #getRaw()} is cut.
   */
  public abstract long getRawBytes();

  /** SHA-256 of the whole payload as received (UTF-8 bytes), in lower-case hex. */
  public abstract String getRawSha256();

  /** True when {@link #getRaw()} is a prefix of the payload (it was over {@link #MAX_RAW}). */
  public boolean isRawTruncated() {
    return getRaw().getBytes(StandardCharsets.UTF_8).length != getRawBytes();
  }

  /** Raw payloads longer than this many characters are truncated in the dead letter. */
  public static final int MAX_RAW = 64 * 1024;

  /** A dead letter failed now; {@code raw} is the whole payload (cut here when oversize). */
  public static DeadLetter of(String raw, String error, String stage, String source) {
    return create(raw, error, stage, source, System.currentTimeMillis());
  }

  /** A dead letter failed at {@code failedAtMillis}; {@code raw} is the whole payload. */
  public static DeadLetter create(
      String raw, String error, String stage, String source, long failedAtMillis) {
    byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
    return restore(prefix(raw), error, stage, source, failedAtMillis, bytes.length, sha256(bytes));
  }

  /**
   * A dead letter as encoded: {@code raw} already cut, with the whole payload's length and hash.
   */
  public static DeadLetter restore(
      String raw,
      String error,
      String stage,
      String source,
      long failedAtMillis,
      long rawBytes,
      String rawSha256) {
    return new AutoValue_DeadLetter(raw, error, stage, source, failedAtMillis, rawBytes, rawSha256);
  }

  private static String prefix(String raw) {
    if (raw.length() <= MAX_RAW) {
      return raw;
    }
    // Never split a surrogate pair: half of one is not valid UTF-8.
    int end = Character.isHighSurrogate(raw.charAt(MAX_RAW - 1)) ? MAX_RAW - 1 : MAX_RAW;
    return raw.substring(0, end);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
