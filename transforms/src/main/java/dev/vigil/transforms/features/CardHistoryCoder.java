package dev.vigil.transforms.features;

import dev.vigil.model.VersionedStateCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.ByteCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * Compact, deterministic coder for {@link CardHistory} state: per held transaction its event time,
 * id, amount, merchant and optional coordinates (about 40–60 bytes each); for v2, then each day of
 * the 30-day profile (about 30–60 bytes) and the last located transaction.
 */
public final class CardHistoryCoder extends AtomicCoder<CardHistory> {
  private static final CardHistoryCoder INSTANCE = new CardHistoryCoder();
  private static final VarIntCoder INT = VarIntCoder.of();
  private static final VarLongCoder LONG = VarLongCoder.of();
  private static final DoubleCoder DOUBLE = DoubleCoder.of();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final ByteCoder BYTE = ByteCoder.of();

  public static CardHistoryCoder of() {
    return INSTANCE;
  }

  /** Version of this coder's encoding in state; bump it whenever the encoding changes. */
  static final int STATE_VERSION = 1;

  /** The coder of a card's state: this one behind its format's version. */
  static VersionedStateCoder<CardHistory> state() {
    return VersionedStateCoder.of("card history", 'C', STATE_VERSION, INSTANCE);
  }

  private CardHistoryCoder() {}

  @Override
  public void encode(CardHistory value, OutputStream out) throws IOException {
    List<CardHistory.Prior> priors = value.priors();
    INT.encode(priors.size(), out);
    for (CardHistory.Prior p : priors) {
      LONG.encode(p.timeMillis, out);
      STRING.encode(p.transactionId, out);
      DOUBLE.encode(p.amount, out);
      STRING.encode(p.merchantId, out);
      BYTE.encode(p.hasCoordinates ? (byte) 1 : (byte) 0, out);
      if (p.hasCoordinates) {
        DOUBLE.encode(p.lat, out);
        DOUBLE.encode(p.lon, out);
      }
    }
    CardProfile profile = value.profile();
    BYTE.encode(profile == null ? (byte) 0 : (byte) 1, out);
    if (profile != null) {
      INT.encode(profile.days.size(), out);
      for (CardProfile.Day d : profile.days) {
        LONG.encode(d.day, out);
        INT.encode(d.count, out);
        DOUBLE.encode(d.sum, out);
        DOUBLE.encode(d.max, out);
        INT.encode(d.located, out);
        if (d.located > 0) {
          DOUBLE.encode(d.x, out);
          DOUBLE.encode(d.y, out);
          DOUBLE.encode(d.z, out);
        }
      }
      BYTE.encode(profile.lastLocatedId == null ? (byte) 0 : (byte) 1, out);
      if (profile.lastLocatedId != null) {
        LONG.encode(profile.lastLocatedMillis, out);
        STRING.encode(profile.lastLocatedId, out);
        DOUBLE.encode(profile.lastLat, out);
        DOUBLE.encode(profile.lastLon, out);
      }
    }
  }

  @Override
  public CardHistory decode(InputStream in) throws IOException {
    int n = INT.decode(in);
    List<CardHistory.Prior> priors = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long time = LONG.decode(in);
      String id = STRING.decode(in);
      double amount = DOUBLE.decode(in);
      String merchant = STRING.decode(in);
      boolean geo = BYTE.decode(in) == 1;
      double lat = geo ? DOUBLE.decode(in) : 0.0;
      double lon = geo ? DOUBLE.decode(in) : 0.0;
      priors.add(new CardHistory.Prior(time, id, amount, merchant, geo, lat, lon));
    }
    CardProfile profile = null;
    if (BYTE.decode(in) == 1) {
      profile = new CardProfile();
      int days = INT.decode(in);
      for (int i = 0; i < days; i++) {
        CardProfile.Day d = new CardProfile.Day(LONG.decode(in));
        d.count = INT.decode(in);
        d.sum = DOUBLE.decode(in);
        d.max = DOUBLE.decode(in);
        d.located = INT.decode(in);
        if (d.located > 0) {
          d.x = DOUBLE.decode(in);
          d.y = DOUBLE.decode(in);
          d.z = DOUBLE.decode(in);
        }
        profile.days.add(d);
      }
      if (BYTE.decode(in) == 1) {
        profile.lastLocatedMillis = LONG.decode(in);
        profile.lastLocatedId = STRING.decode(in);
        profile.lastLat = DOUBLE.decode(in);
        profile.lastLon = DOUBLE.decode(in);
      }
    }
    return new CardHistory(priors, profile);
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return false;
  }
}
