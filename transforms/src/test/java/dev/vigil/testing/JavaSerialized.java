package dev.vigil.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * An object's plain Java serialisation, uncompressed, as text to search for what it must not hold
 * (Beam's {@code SerializableUtils} compresses with Snappy, in whose output a string that repeats
 * is a back-reference, not its bytes).
 */
public final class JavaSerialized {
  private JavaSerialized() {}

  /** The serialised bytes read as ISO-8859-1, so every byte is one character. */
  public static String of(Serializable o) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }
}
