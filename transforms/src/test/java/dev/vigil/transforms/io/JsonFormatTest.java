package dev.vigil.transforms.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.model.Alert;
import dev.vigil.model.CardFeatures;
import dev.vigil.model.CardSession;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.DecidedTransaction;
import dev.vigil.model.Decision;
import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.MerchantWindow;
import dev.vigil.model.ScoredTransaction;
import dev.vigil.model.Transaction;
import dev.vigil.testing.Txns;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * The streaming {@link JsonFormat} writes every record as the tree-based encoder it replaced
 * ({@link TreeJsonFormat}): the same fields in the same order with the same values, for optional
 * fields absent or present, text that needs escaping, whole, fractional and non-finite numbers,
 * instants before 1970 and after 9999. Numbers are written in their shortest form, which for about
 * one double in a thousand (large magnitudes) is a digit shorter than JDK 17's {@code
 * Double.toString}: the same value either way.
 */
class JsonFormatTest {
  private static final String[] TEXT = {
    "t1",
    "",
    "quote\"back\\slash",
    "tab\tnew\nline\u0001",
    "caf\u00e9 \u20ac \ud83d\ude00",
    "</script>",
    "a,b:c{d}"
  };
  private static final double[] NUMBERS = {
    0,
    -0.0,
    1,
    3,
    1023,
    1024,
    -3,
    4.0e9,
    12.5,
    1e-7,
    123456789.125,
    1e21,
    Double.MAX_VALUE,
    Double.MIN_VALUE,
    Double.NaN,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY
  };
  private static final long[] TIMES = {
    0, -1, 1_795_546_800_123L, 1_795_546_800_000L, -62_167_219_200_001L, 253_402_300_800_000L
  };

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final SplittableRandom r = new SplittableRandom(17);

  /** Same JSON: field order and values (numbers compared as doubles), not necessarily bytes. */
  private static void sameJson(String actual, String expected) throws Exception {
    assertThat(actual, MAPPER.readTree(actual), equalTo(MAPPER.readTree(expected)));
    assertThat(fieldOrder(MAPPER.readTree(actual)), equalTo(fieldOrder(MAPPER.readTree(expected))));
  }

  private static List<String> fieldOrder(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private String text() {
    return TEXT[r.nextInt(TEXT.length)];
  }

  private double number() {
    return r.nextInt(3) == 0 ? NUMBERS[r.nextInt(NUMBERS.length)] : r.nextDouble() * 1000;
  }

  private long time() {
    return r.nextBoolean()
        ? TIMES[r.nextInt(TIMES.length)]
        : r.nextLong(-10_000_000_000_000L, 300_000_000_000_000L);
  }

  private Transaction transaction() {
    Transaction.Builder b = Txns.txn(text(), text(), text(), number(), time()).toBuilder();
    if (r.nextBoolean()) {
      b.setMerchantCategory(text());
    }
    if (r.nextBoolean()) {
      b.setCurrency(text());
    }
    if (r.nextBoolean()) {
      b.setLat(number()).setLon(number());
    }
    if (r.nextBoolean()) {
      b.setChannel(text());
    }
    return b.build();
  }

  private DecidedTransaction decided() {
    CardFeatures f =
        Txns.features(
            number(),
            r.nextInt(100),
            r.nextInt(1000),
            number(),
            number(),
            number(),
            number(),
            number(),
            r.nextInt(50));
    List<String> reasons = new ArrayList<>();
    for (int i = r.nextInt(3); i > 0; i--) {
      reasons.add(text());
    }
    ScoredTransaction s =
        ScoredTransaction.of(
            FeaturedTransaction.of(transaction(), f, r.nextBoolean()),
            number(),
            r.nextLong(0, 1L << 40),
            reasons);
    return DecidedTransaction.of(s, Decision.values()[r.nextInt(Decision.values().length)]);
  }

  @Test
  void everyRecordIsWrittenAsTheTreeEncoderWroteIt() throws Exception {
    for (int i = 0; i < 20_000; i++) {
      DecidedTransaction d = decided();
      sameJson(JsonFormat.decided(d), TreeJsonFormat.decided(d));
      FeaturedTransaction f = d.getScored().getFeatured();
      sameJson(JsonFormat.featured(f), TreeJsonFormat.featured(f));
      sameJson(
          JsonFormat.transaction(d.getTransaction()),
          TreeJsonFormat.transaction(d.getTransaction()));
      Alert a = Alert.of(d);
      sameJson(JsonFormat.alert(a), TreeJsonFormat.alert(a));
      DeadLetter dead = DeadLetter.create(text(), text(), text(), text(), time());
      sameJson(JsonFormat.deadLetter(dead), TreeJsonFormat.deadLetter(dead));
      MerchantWindow w =
          MerchantWindow.builder()
              .setMerchantId(text())
              .setWindowStartMillis(time())
              .setWindowEndMillis(time())
              .setTxnCount(r.nextLong(0, 1L << 40))
              .setAmountSum(number())
              .setAvgScore(number())
              .setAlertCount(r.nextInt(100))
              .setPaneTiming(text())
              .build();
      sameJson(JsonFormat.merchantWindow(w), TreeJsonFormat.merchantWindow(w));
      CardSession c =
          CardSession.builder()
              .setCardId(text())
              .setSessionStartMillis(time())
              .setSessionEndMillis(time())
              .setTxnCount(r.nextInt(1000))
              .setAmountSum(number())
              .setMaxScore(number())
              .setPaneTiming(text())
              .build();
      sameJson(JsonFormat.cardSession(c), TreeJsonFormat.cardSession(c));
    }
  }

  @Test
  void largeDoublesAreWrittenShortestAndReadBackExactly() throws Exception {
    double d = 3.1607015940265421E17; // JDK 17 writes 3.1607015940265421E17
    CardSession c =
        CardSession.builder()
            .setCardId("c")
            .setSessionStartMillis(0)
            .setSessionEndMillis(0)
            .setTxnCount(1)
            .setAmountSum(d)
            .setMaxScore(0.5)
            .setPaneTiming("ON_TIME")
            .build();
    JsonNode written = MAPPER.readTree(JsonFormat.cardSession(c));
    assertThat(
        JsonFormat.cardSession(c), Matchers.containsString("\"amount_sum\":3.160701594026542E17"));
    assertThat(written.get("amount_sum").asDouble(), equalTo(d));
  }

  @Test
  void instantsAreIsoUtc() {
    assertThat(JsonFormat.iso(1_795_546_800_123L), equalTo("2026-11-24T19:00:00.123Z"));
    assertThat(JsonFormat.iso(1_795_546_800_000L), equalTo("2026-11-24T19:00:00Z"));
  }
}
