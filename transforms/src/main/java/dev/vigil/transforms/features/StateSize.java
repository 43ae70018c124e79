package dev.vigil.transforms.features;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.beam.sdk.coders.Coder;

/** The encoded size of a state value: what a checkpoint stores for it. */
final class StateSize {
  private StateSize() {}

  static <T> long encoded(Coder<T> coder, T value) {
    long[] count = {0};
    OutputStream counter =
        new OutputStream() {
          @Override
          public void write(int b) {
            count[0]++;
          }

          @Override
          public void write(byte[] b, int off, int len) {
            count[0] += len;
          }
        };
    try {
      coder.encode(value, counter);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return count[0];
  }
}
