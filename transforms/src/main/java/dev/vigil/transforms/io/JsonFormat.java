package dev.vigil.transforms.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.vigil.model.Alert;
import dev.vigil.model.CardFeatures;
import dev.vigil.model.CardSession;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.DecidedTransaction;
import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.IsoInstants;
import dev.vigil.model.MerchantWindow;
import dev.vigil.model.ProfileFeatures;
import dev.vigil.model.ScoredTransaction;
import dev.vigil.model.Transaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Arrays;

/**
 * The JSON encodings of Vigil's records (docs/architecture.md): snake_case field names, instants as
 * ISO-8601 UTC strings. Used by every sink (files, Kafka), so all outputs read the same.
 *
 * <p>Records are written field by field with Jackson's streaming generator (no tree, no map of
 * features): every output record passes through here, several per transaction. Doubles are written
 * in their shortest form (Jackson's fast writer), which reads back as the same value.
 */
public final class JsonFormat {
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

  /**
   * The text Jackson writes for the whole numbers 0..1023 as doubles ("3.0"): counts, hours and
   * flags are most of the features, and a table lookup spares them the shortest-digits search.
   */
  private static final String[] WHOLE = new String[1024];

  static {
    for (int i = 0; i < WHOLE.length; i++) {
      WHOLE[i] = Double.toString(i);
    }
  }

  private JsonFormat() {}

  /** {@code g.writeNumberField(name, v)}, the same text, faster for small whole numbers. */
  static void numberField(JsonGenerator g, String name, double v) throws IOException {
    int i = (int) v;
    // The sign-bit test keeps -0.0 on Jackson's path, which writes it as "-0.0".
    if (i == v && i < WHOLE.length && Double.doubleToRawLongBits(v) >= 0) {
      g.writeFieldName(name);
      g.writeNumber(WHOLE[i]);
    } else {
      g.writeNumberField(name, v);
    }
  }

  public static String iso(long epochMillis) {
    return IsoInstants.format(epochMillis);
  }

  /** The fields of one JSON object. */
  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  /**
   * Where a record's text goes: a plain char array (a {@code StringWriter} appends through a
   * synchronized {@code StringBuffer}, char by char into its compact bytes, then copies again).
   */
  private static final class Chars extends Writer {
    private char[] buf = new char[512];
    private int size;

    @Override
    public void write(char[] c, int off, int len) {
      if (size + len > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + len));
      }
      System.arraycopy(c, off, buf, size, len);
      size += len;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    @Override
    public String toString() {
      return new String(buf, 0, size);
    }
  }

  private static String object(Fields fields) {
    Chars out = new Chars();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a record as JSON", e);
    }
    return out.toString();
  }

  /** The input contract's encoding of a transaction (what {@code ParseTransactions} accepts). */
  public static String transaction(Transaction t) {
    return object(
        g -> {
          g.writeStringField("transaction_id", t.getTransactionId());
          g.writeStringField("card_id", t.getCardId());
          g.writeStringField("merchant_id", t.getMerchantId());
          g.writeNumberField("amount", t.getAmount());
          g.writeStringField("event_time", iso(t.getEventTimeMillis()));
          if (t.getMerchantCategory() != null) {
            g.writeStringField("merchant_category", t.getMerchantCategory());
          }
          if (t.getCurrency() != null) {
            g.writeStringField("currency", t.getCurrency());
          }
          if (t.hasCoordinates()) {
            g.writeNumberField("lat", t.getLat());
            g.writeNumberField("lon", t.getLon());
          }
          if (t.getChannel() != null) {
            g.writeStringField("channel", t.getChannel());
          }
        });
  }

  /**
   * Feature name to value: the v1 features ({@link CardFeatures#NAMES}), then the v2 additions when
   * computed ({@link ProfileFeatures#NAMES}).
   */
  private static void features(JsonGenerator g, FeaturedTransaction featured) throws IOException {
    CardFeatures f = featured.getFeatures();
    g.writeObjectFieldStart("features");
    numberField(g, "amount", f.getAmount());
    numberField(g, "count_1h", f.getCount1h());
    numberField(g, "count_24h", f.getCount24h());
    numberField(g, "amount_avg_24h", f.getAmountAvg24h());
    numberField(g, "amount_ratio_24h", f.getAmountRatio24h());
    numberField(g, "seconds_since_last", f.getSecondsSinceLast());
    numberField(g, "distance_km_from_last", f.getDistanceKmFromLast());
    numberField(g, "speed_kmh_from_last", f.getSpeedKmhFromLast());
    numberField(g, "distinct_merchants_1h", f.getDistinctMerchants1h());
    ProfileFeatures profile = featured.getProfile();
    if (profile != null) {
      for (int i = 0; i < ProfileFeatures.NAMES.size(); i++) {
        numberField(g, ProfileFeatures.NAMES.get(i), profile.get(i));
      }
    }
    g.writeEndObject();
  }

  /** The common head of a scored record: the transaction's identity and features. */
  private static void featuredHead(JsonGenerator g, FeaturedTransaction f) throws IOException {
    Transaction t = f.getTransaction();
    g.writeStringField("transaction_id", t.getTransactionId());
    g.writeStringField("card_id", t.getCardId());
    g.writeStringField("merchant_id", t.getMerchantId());
    g.writeNumberField("amount", t.getAmount());
    g.writeStringField("event_time", iso(t.getEventTimeMillis()));
    features(g, f);
  }

  /** A transaction with its features (the training pipeline's {@code features} output). */
  public static String featured(FeaturedTransaction f) {
    return object(
        g -> {
          featuredHead(g, f);
          g.writeBooleanField("late", f.isLate());
        });
  }

  /** The {@code scored} output record. */
  public static String decided(DecidedTransaction d) {
    ScoredTransaction s = d.getScored();
    return object(
        g -> {
          featuredHead(g, s.getFeatured());
          g.writeNumberField("score", s.getScore());
          g.writeStringField("decision", d.getDecision().name());
          g.writeNumberField("model_version", s.getModelVersion());
          g.writeBooleanField("late", s.getFeatured().isLate());
        });
  }

  public static String alert(Alert a) {
    return object(
        g -> {
          g.writeStringField("alert_id", a.getAlertId());
          g.writeStringField("transaction_id", a.getTransactionId());
          g.writeStringField("card_id", a.getCardId());
          g.writeNumberField("score", a.getScore());
          g.writeStringField("decision", a.getDecision().name());
          g.writeArrayFieldStart("reasons");
          for (String reason : a.getReasons()) {
            g.writeString(reason);
          }
          g.writeEndArray();
          g.writeNumberField("model_version", a.getModelVersion());
          g.writeStringField("event_time", iso(a.getEventTimeMillis()));
        });
  }

  public static String deadLetter(DeadLetter d) {
    return object(
        g -> {
          g.writeStringField("raw", d.getRaw());
          g.writeNumberField("raw_bytes", d.getRawBytes());
          g.writeStringField("raw_sha256", d.getRawSha256());
          g.writeBooleanField("raw_truncated", d.isRawTruncated());
          g.writeStringField("error", d.getError());
          g.writeStringField("stage", d.getStage());
          g.writeStringField("source", d.getSource());
          g.writeStringField("failed_at", iso(d.getFailedAtMillis()));
        });
  }

  public static String merchantWindow(MerchantWindow w) {
    return object(
        g -> {
          g.writeStringField("merchant_id", w.getMerchantId());
          g.writeStringField("window_start", iso(w.getWindowStartMillis()));
          g.writeStringField("window_end", iso(w.getWindowEndMillis()));
          g.writeNumberField("txn_count", w.getTxnCount());
          g.writeNumberField("amount_sum", w.getAmountSum());
          g.writeNumberField("avg_score", w.getAvgScore());
          g.writeNumberField("alert_count", w.getAlertCount());
          g.writeStringField("pane_timing", w.getPaneTiming());
        });
  }

  public static String cardSession(CardSession s) {
    return object(
        g -> {
          g.writeStringField("card_id", s.getCardId());
          g.writeStringField("session_start", iso(s.getSessionStartMillis()));
          g.writeStringField("session_end", iso(s.getSessionEndMillis()));
          g.writeNumberField("txn_count", s.getTxnCount());
          g.writeNumberField("amount_sum", s.getAmountSum());
          g.writeNumberField("max_score", s.getMaxScore());
          g.writeStringField("pane_timing", s.getPaneTiming());
        });
  }
}
