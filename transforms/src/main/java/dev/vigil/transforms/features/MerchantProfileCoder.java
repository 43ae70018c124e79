package dev.vigil.transforms.features;

import dev.vigil.model.VersionedStateCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** Compact, deterministic coder for {@link MerchantProfile} state. */
final class MerchantProfileCoder extends AtomicCoder<MerchantProfile> {
  private static final MerchantProfileCoder INSTANCE = new MerchantProfileCoder();
  private static final VarIntCoder INT = VarIntCoder.of();
  private static final VarLongCoder LONG = VarLongCoder.of();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final BooleanCoder BOOLEAN = BooleanCoder.of();

  static MerchantProfileCoder of() {
    return INSTANCE;
  }

  /** Version of this coder's encoding in state; bump it whenever the encoding changes. */
  static final int STATE_VERSION = 1;

  /** The coder of a merchant's state: this one behind its format's version. */
  static VersionedStateCoder<MerchantProfile> state() {
    return VersionedStateCoder.of("merchant profile", 'M', STATE_VERSION, INSTANCE);
  }

  private MerchantProfileCoder() {}

  @Override
  public void encode(MerchantProfile p, OutputStream out) throws IOException {
    LONG.encode(p.newestMillis, out);
    INT.encode(p.dayCounts.size(), out);
    for (long[] d : p.dayCounts) {
      LONG.encode(d[0], out);
      LONG.encode(d[1], out);
    }
    INT.encode(p.labels.size(), out);
    for (MerchantProfile.Known k : p.labels) {
      STRING.encode(k.transactionId(), out);
      LONG.encode(k.labelledAtMillis(), out);
      BOOLEAN.encode(k.fraud(), out);
    }
  }

  @Override
  public MerchantProfile decode(InputStream in) throws IOException {
    long newest = LONG.decode(in);
    int days = INT.decode(in);
    List<long[]> counts = new ArrayList<>(days);
    for (int i = 0; i < days; i++) {
      counts.add(new long[] {LONG.decode(in), LONG.decode(in)});
    }
    int n = INT.decode(in);
    List<MerchantProfile.Known> labels = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      labels.add(new MerchantProfile.Known(STRING.decode(in), LONG.decode(in), BOOLEAN.decode(in)));
    }
    return new MerchantProfile(counts, labels, newest);
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return false;
  }
}
