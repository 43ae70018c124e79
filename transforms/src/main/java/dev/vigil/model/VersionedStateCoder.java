package dev.vigil.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * A state coder whose values start with their format: a marker byte, the state's kind and its
 * format version. A checkpoint or savepoint restored by a build whose format differs then fails at
 * once with a message naming the state and both versions, instead of decoding garbage into a card's
 * or a merchant's state.
 *
 * <p>Bump {@code version} whenever the wrapped coder's encoding changes; each state's test pins the
 * encoded bytes of a sample value, so a format change without a new version fails the build.
 *
 * <pre>{@code
 * StateSpecs.value(VersionedStateCoder.of("card history", 'C', 1, CardHistoryCoder.of()))
 * }</pre>
 */
public final class VersionedStateCoder<T> extends CustomCoder<T> {
  private static final long serialVersionUID = 1L;

  /** First byte of every versioned state value. */
  static final int MARKER = 0xB7;

  private final String name;
  private final char kind;
  private final int version;
  private final Coder<T> inner;

  private VersionedStateCoder(String name, char kind, int version, Coder<T> inner) {
    this.name = name;
    this.kind = kind;
    this.version = version;
    this.inner = inner;
  }

  /**
   * {@code inner}'s values preceded by their format.
   *
   * @param name what the state is, for messages (e.g. {@code "card history"})
   * @param kind one ASCII character telling this state from the others
   * @param version the wrapped encoding's version, 1 to 255
   */
  public static <T> VersionedStateCoder<T> of(String name, char kind, int version, Coder<T> inner) {
    if (kind < 0x21 || kind > 0x7e) {
      throw new IllegalArgumentException("kind must be a printable ASCII character, got " + kind);
    }
    if (version < 1 || version > 255) {
      throw new IllegalArgumentException("version must be 1..255, got " + version);
    }
    return new VersionedStateCoder<>(name, kind, version, Objects.requireNonNull(inner));
  }

  @Override
  public void encode(T value, OutputStream out) throws IOException {
    out.write(MARKER);
    out.write(kind);
    out.write(version);
    inner.encode(value, out);
  }

  @Override
  public T decode(InputStream in) throws IOException {
    int marker = in.read();
    int k = in.read();
    int v = in.read();
    if (marker != MARKER || k != kind) {
      throw new IOException(
          String.format(
              "cannot restore the %s state: it is not in a format this build of Vigil knows (first"
                  + " bytes %02x %02x, expected %02x %02x): it was written by an older build, before"
                  + " state formats were versioned, or by another state. Restore it with the build"
                  + " that wrote it, or start the job without --resumeFrom / --savepointPath (its"
                  + " state starts from zero)",
              name, marker & 0xff, k & 0xff, MARKER, (int) kind));
    }
    if (v != version) {
      throw new IOException(
          "cannot restore the "
              + name
              + " state: it was written in format version "
              + v
              + " and this build of Vigil reads version "
              + version
              + ". Restore it with a build of the same format, or start the job without"
              + " --resumeFrom / --savepointPath (its state starts from zero)");
    }
    return inner.decode(in);
  }

  @Override
  public List<? extends Coder<?>> getCoderArguments() {
    return List.of(inner);
  }

  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    inner.verifyDeterministic();
  }

  @Override
  public boolean consistentWithEquals() {
    return inner.consistentWithEquals();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VersionedStateCoder<?> c
        && c.kind == kind
        && c.version == version
        && c.name.equals(name)
        && c.inner.equals(inner);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, kind, version, inner);
  }

  @Override
  public String toString() {
    return "VersionedStateCoder(" + name + " v" + version + ", " + inner + ")";
  }
}
