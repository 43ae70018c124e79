package dev.vigil.model;

import static dev.vigil.model.FieldCoders.INT;
import static dev.vigil.model.FieldCoders.readDouble;
import static dev.vigil.model.FieldCoders.writeDouble;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;

/** Deterministic coder for {@link CardFeatures}, in {@link CardFeatures#NAMES} order. */
public final class CardFeaturesCoder extends AtomicCoder<CardFeatures> {
  private static final CardFeaturesCoder INSTANCE = new CardFeaturesCoder();

  public static CardFeaturesCoder of() {
    return INSTANCE;
  }

  /** Looked up by Beam's {@code @DefaultCoder} on {@link CardFeatures}. */
  public static CoderProvider getCoderProvider() {
    return DomainCoderProvider.of(CardFeatures.class, INSTANCE);
  }

  private CardFeaturesCoder() {}

  @Override
  public void encode(CardFeatures f, OutputStream out) throws IOException {
    writeDouble(f.getAmount(), out);
    INT.encode(f.getCount1h(), out);
    INT.encode(f.getCount24h(), out);
    writeDouble(f.getAmountAvg24h(), out);
    writeDouble(f.getAmountRatio24h(), out);
    writeDouble(f.getSecondsSinceLast(), out);
    writeDouble(f.getDistanceKmFromLast(), out);
    writeDouble(f.getSpeedKmhFromLast(), out);
    INT.encode(f.getDistinctMerchants1h(), out);
  }

  @Override
  public CardFeatures decode(InputStream in) throws IOException {
    return CardFeatures.builder()
        .setAmount(readDouble(in))
        .setCount1h(INT.decode(in))
        .setCount24h(INT.decode(in))
        .setAmountAvg24h(readDouble(in))
        .setAmountRatio24h(readDouble(in))
        .setSecondsSinceLast(readDouble(in))
        .setDistanceKmFromLast(readDouble(in))
        .setSpeedKmhFromLast(readDouble(in))
        .setDistinctMerchants1h(INT.decode(in))
        .build();
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
