package dev.vigil.benchmarks.nativeflink;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.util.CoderUtils;

/**
 * A Kryo serializer that encodes with a Beam coder, so the native job ships Vigil's types between
 * operators in the same compact encoding the Beam pipeline uses (instead of Kryo's reflection).
 */
final class CoderKryoSerializer<T> extends Serializer<T> implements Serializable {
  private final Coder<T> coder;

  CoderKryoSerializer(Coder<T> coder) {
    this.coder = coder;
  }

  @Override
  public void write(Kryo kryo, Output output, T value) {
    try {
      byte[] bytes = CoderUtils.encodeToByteArray(coder, value);
      output.writeInt(bytes.length, true);
      output.writeBytes(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public T read(Kryo kryo, Input input, Class<T> type) {
    try {
      return CoderUtils.decodeFromByteArray(coder, input.readBytes(input.readInt(true)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
