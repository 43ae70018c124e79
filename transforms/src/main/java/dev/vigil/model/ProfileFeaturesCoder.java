package dev.vigil.model;

import static dev.vigil.model.FieldCoders.readDouble;
import static dev.vigil.model.FieldCoders.writeDouble;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

  @Override
  public void encode(ProfileFeatures f, OutputStream out) throws IOException {
    for (int i = 0; i < ProfileFeatures.NAMES.size(); i++) {
      writeDouble(f.get(i), out);
    }
  }

  @Override
  public ProfileFeatures decode(InputStream in) throws IOException {
    double[] v = new double[ProfileFeatures.NAMES.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = readDouble(in);
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
