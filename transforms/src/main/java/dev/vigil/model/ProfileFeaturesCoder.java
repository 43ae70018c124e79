package dev.vigil.model;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;

/** Deterministic coder for {@link ProfileFeatures}: its values in {@link ProfileFeatures#NAMES}. */
public final class ProfileFeaturesCoder extends AtomicCoder<ProfileFeatures> {
  private static final ProfileFeaturesCoder INSTANCE = new ProfileFeaturesCoder();

  public static ProfileFeaturesCoder of() {
    return INSTANCE;
  }

  /** Looked up by Beam's {@code @DefaultCoder} on {@link ProfileFeatures}. */
  public static CoderProvider getCoderProvider() {
    return DomainCoderProvider.of(ProfileFeatures.class, INSTANCE);
  }

  private ProfileFeaturesCoder() {}

  /** Bytes of the encoding: each value as Beam's {@code DoubleCoder} writes it, in one piece. */
  private static final int BYTES = ProfileFeatures.NAMES.size() * Double.BYTES;

  @Override
  public void encode(ProfileFeatures f, OutputStream out) throws IOException {
    // The same bytes as writing each value with DoubleCoder, in one write (a record carries 18).
    ByteBuffer b = ByteBuffer.allocate(BYTES);
    for (int i = 0; i < ProfileFeatures.NAMES.size(); i++) {
      b.putLong(Double.doubleToLongBits(f.get(i)));
    }
    out.write(b.array());
  }

  @Override
  public ProfileFeatures decode(InputStream in) throws IOException {
    byte[] bytes = new byte[BYTES];
    int read = in.readNBytes(bytes, 0, BYTES);
    if (read != BYTES) {
      throw new EOFException(
          "profile features: expected " + BYTES + " bytes, the stream ended after " + read);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    double[] v = new double[ProfileFeatures.NAMES.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = Double.longBitsToDouble(b.getLong());
    }
    return ProfileFeatures.ofAll(v);
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
