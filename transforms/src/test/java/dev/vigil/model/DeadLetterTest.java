package dev.vigil.model;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetterTest {
  @Test
  void aSmallPayloadIsKeptWholeWithItsLengthAndHash() {
    DeadLetter d = DeadLetter.create("abc", "not valid JSON", "parse", "kafka:t/0@1", 5L);
    assertThat(d.getRaw(), equalTo("abc"));
    assertThat(d.getRawBytes(), equalTo(3L));
    // FIPS 180-2's test vector for "abc".
    assertThat(
        d.getRawSha256(),
        equalTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    assertThat(d.isRawTruncated(), equalTo(false));
  }

  @Test
  void anOversizePayloadIsCutButItsLengthAndHashAreTheWholeOnes() {
    // ~900 KB of two-byte characters: the dead letter must stay far below Kafka's 1 MiB.
    String huge = "{\"note\":\"" + "é".repeat(450_000) + "\"}";
    byte[] whole = huge.getBytes(StandardCharsets.UTF_8);
    DeadLetter d = DeadLetter.of(huge, "record exceeds 16384 bytes", "parse", "kafka:t/0@2");
    assertThat(d.getRaw().length(), equalTo(DeadLetter.MAX_RAW));
    assertThat(huge.startsWith(d.getRaw()), equalTo(true));
    assertThat(d.getRawBytes(), equalTo((long) whole.length));
    assertThat(d.getRawSha256(), equalTo(DeadLetter.create(huge, "", "", "", 0L).getRawSha256()));
    assertThat(d.getRawSha256().length(), equalTo(64));
    assertThat(d.isRawTruncated(), equalTo(true));
    assertThat(
        d.getRaw().getBytes(StandardCharsets.UTF_8).length,
        lessThanOrEqualTo(3 * DeadLetter.MAX_RAW));
  }

  @Test
  void theCutNeverSplitsASurrogatePair() {
    String emoji = "\uD83D\uDE00"; // one code point, two chars, four UTF-8 bytes
    String raw = "x".repeat(DeadLetter.MAX_RAW - 1) + emoji + "tail";
    DeadLetter d = DeadLetter.of(raw, "e", "parse", "s");
    assertThat(d.getRaw(), equalTo("x".repeat(DeadLetter.MAX_RAW - 1)));
    assertThat(d.isRawTruncated(), equalTo(true));
  }

  @Test
  void theCoderKeepsTheWholePayloadsLengthAndHash() throws Exception {
    DeadLetter d = DeadLetter.of("y".repeat(DeadLetter.MAX_RAW + 10), "e", "parse", "s");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DeadLetterCoder.of().encode(d, out);
    DeadLetter back = DeadLetterCoder.of().decode(new ByteArrayInputStream(out.toByteArray()));
    assertThat(back, equalTo(d));
    assertThat(back.getRawBytes(), equalTo((long) DeadLetter.MAX_RAW + 10));
    assertThat(back.isRawTruncated(), equalTo(true));
  }
}
