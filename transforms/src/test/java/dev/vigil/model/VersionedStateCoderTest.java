package dev.vigil.model;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.junit.jupiter.api.Test;

class VersionedStateCoderTest {
  private static final VersionedStateCoder<String> V1 =
      VersionedStateCoder.of("test", 'T', 1, StringUtf8Coder.of());

  private static byte[] encode(VersionedStateCoder<String> coder, String value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    coder.encode(value, out);
    return out.toByteArray();
  }

  @Test
  void valuesRoundTripBehindTheirFormat() throws Exception {
    byte[] bytes = encode(V1, "card-7");
    assertThat(bytes[0] & 0xff, equalTo(VersionedStateCoder.MARKER));
    assertThat((char) bytes[1], equalTo('T'));
    assertThat((int) bytes[2], equalTo(1));
    assertThat(V1.decode(new ByteArrayInputStream(bytes)), equalTo("card-7"));
  }

  @Test
  void anotherVersionFailsNamingTheStateAndBothVersions() throws Exception {
    byte[] bytes = encode(VersionedStateCoder.of("test", 'T', 2, StringUtf8Coder.of()), "x");
    IOException e =
        assertThrows(IOException.class, () -> V1.decode(new ByteArrayInputStream(bytes)));
    assertThat(e.getMessage(), containsString("cannot restore the test state"));
    assertThat(e.getMessage(), containsString("format version 2"));
    assertThat(e.getMessage(), containsString("reads version 1"));
    assertThat(e.getMessage(), containsString("without --resumeFrom"));
  }

  @Test
  void unversionedOrForeignBytesFailInsteadOfDecodingGarbage() throws Exception {
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    StringUtf8Coder.of().encode("written before formats were versioned", plain);
    IOException e =
        assertThrows(
            IOException.class, () -> V1.decode(new ByteArrayInputStream(plain.toByteArray())));
    assertThat(e.getMessage(), containsString("not in a format this build of Vigil knows"));
    byte[] other = encode(VersionedStateCoder.of("other", 'O', 1, StringUtf8Coder.of()), "x");
    assertThrows(IOException.class, () -> V1.decode(new ByteArrayInputStream(other)));
  }

  @Test
  void kindsAndVersionsAreChecked() {
    assertThrows(
        IllegalArgumentException.class,
        () -> VersionedStateCoder.of("x", 'T', 0, StringUtf8Coder.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> VersionedStateCoder.of("x", ' ', 1, StringUtf8Coder.of()));
  }
}
