package dev.vigil.testing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.beam.sdk.coders.Coder;

/**
 * Pins a state coder's encoding: the SHA-256 of a sample value's bytes. When it changes, the state
 * format changed, and the coder's state version must be bumped with the new hash pinned, so that a
 * restore across the change fails with a clear message instead of decoding garbage.
 */
public final class PinnedFormat {
  private PinnedFormat() {}

  public static <T> void assertPinned(String state, Coder<T> coder, T sample, String sha256)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    coder.encode(sample, out);
    String actual =
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out.toByteArray()));
    assertThat(
        state
            + "'s encoding changed: bump its STATE_VERSION (restores across the change must fail"
            + " clearly) and pin the new hash",
        actual,
        equalTo(sha256));
  }
}
