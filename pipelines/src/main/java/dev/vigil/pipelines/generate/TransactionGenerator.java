package dev.vigil.pipelines.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded, deterministic generator of labelled card transactions: many cards with home cities and
 * spending habits, legitimate behaviour (including trips and occasional big purchases), and the
 * fraud scenarios of {@link FraudScenario}, which the nine card features can reveal. Each line is
 * an input-contract JSON object plus {@code label} (0/1) and {@code scenario}, which the scoring
 * pipeline ignores. Optionally mixes in malformed lines of every dead-letter kind.
 *
 * <pre>{@code
 * List<String> lines = TransactionGenerator.builder().seed(42).transactions(5000).cards(300).build().lines();
 * }</pre>
 */
public final class TransactionGenerator {
  /** Where generated event time starts unless {@code start} says otherwise. */
  public static final Instant DEFAULT_START = Instant.parse("2026-11-01T00:00:00Z");

  private static final ObjectMapper MAPPER = new ObjectMapper();
  static final long MINUTE = 60_000L;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;
  private static final int MERCHANTS_PER_CITY = 12;
  static final int WEB_MERCHANTS = 40;

  /** Home cities: name, latitude, longitude. */
  static final Object[][] CITIES = {
    {"nyc", 40.7128, -74.0060}, {"lon", 51.5074, -0.1278}, {"par", 48.8566, 2.3522},
    {"ber", 52.5200, 13.4050}, {"mad", 40.4168, -3.7038}, {"rom", 41.9028, 12.4964},
    {"tok", 35.6762, 139.6503}, {"syd", -33.8688, 151.2093}, {"sfo", 37.7749, -122.4194},
    {"chi", 41.8781, -87.6298}, {"sao", -23.5505, -46.6333}, {"mum", 19.0760, 72.8777},
    {"tor", 43.6532, -79.3832}, {"sgp", 1.3521, 103.8198}, {"cai", 30.0444, 31.2357},
  };

  private static final String[] CATEGORIES = {
    "grocery", "restaurant", "fuel", "retail", "pharmacy", "transport", "electronics", "travel"
  };
  private static final String[] CURRENCIES = {"USD", "EUR", "GBP", "JPY", "AUD"};

  private final long seed;
  private final int transactions;
  private final int cards;
  private final long startMillis;
  private final int days;
  private final double fraudRate;
  private final double malformedRate;
  private final ScenarioRanges ranges;

  private TransactionGenerator(Builder b) {
    this.seed = b.seed;
    this.transactions = b.transactions;
    this.cards = b.cards;
    this.startMillis = b.startMillis;
    this.days = b.days;
    this.fraudRate = b.fraudRate;
    this.malformedRate = b.malformedRate;
    this.ranges = b.ranges;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** One generated transaction before encoding. */
  static final class Event {
    final long time;
    final String card;
    final String merchant;
    final String category;
    final double amount;
    final Double lat;
    final Double lon;
    final String channel;
    final String currency;
    final FraudScenario scenario;
    String id;

    Event(
        long time,
        String card,
        String merchant,
        String category,
        double amount,
        Double lat,
        Double lon,
        String channel,
        String currency,
        FraudScenario scenario) {
      this.time = time;
      this.card = card;
      this.merchant = merchant;
      this.category = category;
      this.amount = Math.round(amount * 100) / 100.0;
      this.lat = lat;
      this.lon = lon;
      this.channel = channel;
      this.currency = currency;
      this.scenario = scenario;
    }
  }

  static final class Card {
    final String id;
    final int city;
    final double homeLat;
    final double homeLon;
    final double habit; // median amount
    final double weight; // relative activity
    final String currency;

    Card(
        String id,
        int city,
        double homeLat,
        double homeLon,
        double habit,
        double weight,
        String currency) {
      this.id = id;
      this.city = city;
      this.homeLat = homeLat;
      this.homeLon = homeLon;
      this.habit = habit;
      this.weight = weight;
      this.currency = currency;
    }
  }

  /** All lines (valid and malformed), in event-time order. */
  public List<String> lines() {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Card> cardList = new ArrayList<>();
    double totalWeight = 0;
    for (int i = 0; i < cards; i++) {
      int city = rnd.nextInt(CITIES.length);
      double habit = Math.exp(2.5 + rnd.nextDouble() * 2.0); // ~12 .. ~90
      double weight = 0.3 + rnd.nextDouble() * 1.7;
      totalWeight += weight;
      cardList.add(
          new Card(
              String.format("card-%05d", i),
              city,
              (double) CITIES[city][1] + (rnd.nextDouble() - 0.5) * 0.2,
              (double) CITIES[city][2] + (rnd.nextDouble() - 0.5) * 0.2,
              habit,
              weight,
              CURRENCIES[rnd.nextInt(CURRENCIES.length)]));
    }
    long span = (long) days * DAY;
    List<Event> events = new ArrayList<>(transactions + 64);
    // Fraud scenarios first, so the legitimate count fills up to the requested total. The three
    // kinds take turns; a card-testing burst averages 6.5 fraud transactions, the others 1 each.
    int scenarios = (int) Math.round(transactions * fraudRate / ((6.5 + 1 + 1) / 3));
    // card id -> {from, to} windows without legitimate purchases (before WIDE amount spikes)
    Map<String, List<long[]>> quiet = new HashMap<>();
    Map<String, List<long[]>> busy = new HashMap<>();
    for (int i = 0; i < scenarios; i++) {
      Card card = cardList.get(rnd.nextInt(cardList.size()));
      long at = startMillis + HOUR + (long) (rnd.nextDouble() * (span - 2 * HOUR));
      if (ranges != ScenarioRanges.TRAINING) {
        // One such scenario per card within 4 days, so a spike's quiet days stay quiet.
        WideScenarios.Spread spread = WideScenarios.of(ranges);
        for (int retry = 0; retry < 20 && busy(busy, card.id, at); retry++) {
          card = cardList.get(rnd.nextInt(cardList.size()));
        }
        busy.computeIfAbsent(card.id, c -> new ArrayList<>())
            .add(new long[] {at - 3 * DAY, at + DAY});
        WideScenarios.add(i % 3, spread, rnd, card, at, events);
        if (i % 3 == 2) {
          long quietMillis =
              (long)
                  ((spread.quietMinDays()
                          + rnd.nextDouble() * (spread.quietMaxDays() - spread.quietMinDays()))
                      * DAY);
          quiet
              .computeIfAbsent(card.id, c -> new ArrayList<>())
              .add(new long[] {at - quietMillis, at});
        }
        continue;
      }
      switch (i % 3) {
        case 0:
          cardTesting(rnd, card, at, events, 4 + rnd.nextInt(6));
          break;
        case 1:
          impossibleTravel(rnd, card, at, events);
          break;
        default:
          amountSpike(rnd, card, at, events);
      }
    }
    int legit = Math.max(0, transactions - events.size());
    for (int i = 0; i < legit; i++) {
      double pick = rnd.nextDouble() * totalWeight;
      Card card = cardList.get(cardList.size() - 1);
      for (Card c : cardList) {
        pick -= c.weight;
        if (pick <= 0) {
          card = c;
          break;
        }
      }
      long at = startMillis + (long) (rnd.nextDouble() * span);
      if (!inQuietWindow(quiet.get(card.id), at)) {
        events.add(legitimate(rnd, card, at));
      }
    }
    events.sort(Comparator.comparingLong((Event e) -> e.time).thenComparing(e -> e.card));
    List<String> lines = new ArrayList<>(events.size() + 16);
    int n = 0;
    for (Event e : events) {
      e.id = String.format("tx-%08d", ++n);
      if (malformedRate > 0 && rnd.nextDouble() < malformedRate) {
        lines.add(malformed(rnd, e));
      }
      lines.add(encode(e));
    }
    return lines;
  }

  private static boolean busy(Map<String, List<long[]>> busy, String card, long at) {
    return inQuietWindow(busy.get(card), at);
  }

  private static boolean inQuietWindow(List<long[]> windows, long at) {
    if (windows != null) {
      for (long[] w : windows) {
        if (at >= w[0] && at < w[1]) {
          return true;
        }
      }
    }
    return false;
  }

  private Event legitimate(SplittableRandom rnd, Card card, long at) {
    double r = rnd.nextDouble();
    if (r < 0.01) {
      // A trip: a different city, far from the previous purchase, but plausibly reachable.
      int city = rnd.nextInt(CITIES.length);
      return new Event(
          at,
          card.id,
          merchant(city, rnd),
          category(rnd),
          lognormal(rnd, card.habit),
          jitter(rnd, (double) CITIES[city][1]),
          jitter(rnd, (double) CITIES[city][2]),
          "POS",
          card.currency,
          FraudScenario.LEGIT_TRAVEL);
    }
    if (r < 0.03) {
      return new Event(
          at,
          card.id,
          merchant(card.city, rnd),
          "electronics",
          card.habit * (2.5 + rnd.nextDouble() * 3),
          jitter(rnd, card.homeLat),
          jitter(rnd, card.homeLon),
          "POS",
          card.currency,
          FraudScenario.LEGIT_BIG_PURCHASE);
    }
    if (r < 0.25) {
      return new Event(
          at,
          card.id,
          String.format("m-web-%03d", rnd.nextInt(WEB_MERCHANTS)),
          "retail",
          lognormal(rnd, card.habit),
          null,
          null,
          "ECOM",
          card.currency,
          FraudScenario.LEGIT);
    }
    String channel = r < 0.28 ? "ATM" : "POS";
    return new Event(
        at,
        card.id,
        merchant(card.city, rnd),
        category(rnd),
        lognormal(rnd, card.habit),
        jitter(rnd, card.homeLat),
        jitter(rnd, card.homeLon),
        channel,
        card.currency,
        FraudScenario.LEGIT);
  }

  private static int cardTesting(
      SplittableRandom rnd, Card card, long at, List<Event> out, int size) {
    long t = at;
    for (int i = 0; i < size; i++) {
      t += 10_000 + rnd.nextInt(80_000);
      out.add(
          new Event(
              t,
              card.id,
              String.format("m-web-%03d", rnd.nextInt(WEB_MERCHANTS)),
              "retail",
              0.5 + rnd.nextDouble() * 4.5,
              null,
              null,
              "ECOM",
              card.currency,
              FraudScenario.CARD_TESTING));
    }
    return size;
  }

  private static int impossibleTravel(SplittableRandom rnd, Card card, long at, List<Event> out) {
    out.add(
        new Event(
            at,
            card.id,
            merchant(card.city, rnd),
            category(rnd),
            lognormal(rnd, card.habit),
            jitter(rnd, card.homeLat),
            jitter(rnd, card.homeLon),
            "POS",
            card.currency,
            FraudScenario.LEGIT));
    int city = (card.city + 1 + rnd.nextInt(CITIES.length - 1)) % CITIES.length;
    long later = at + 2 * MINUTE + rnd.nextInt((int) (40 * MINUTE));
    out.add(
        new Event(
            later,
            card.id,
            merchant(city, rnd),
            category(rnd),
            card.habit * (1 + rnd.nextDouble() * 4),
            jitter(rnd, (double) CITIES[city][1]),
            jitter(rnd, (double) CITIES[city][2]),
            "POS",
            card.currency,
            FraudScenario.IMPOSSIBLE_TRAVEL));
    return 2;
  }

  private static int amountSpike(SplittableRandom rnd, Card card, long at, List<Event> out) {
    out.add(
        new Event(
            at,
            card.id,
            String.format("m-web-%03d", WEB_MERCHANTS + rnd.nextInt(10)),
            "electronics",
            card.habit * (8 + rnd.nextDouble() * 25),
            null,
            null,
            "ECOM",
            card.currency,
            FraudScenario.AMOUNT_SPIKE));
    return 1;
  }

  static String merchant(int city, SplittableRandom rnd) {
    return String.format("m-%s-%03d", CITIES[city][0], rnd.nextInt(MERCHANTS_PER_CITY));
  }

  static String category(SplittableRandom rnd) {
    return CATEGORIES[rnd.nextInt(CATEGORIES.length - 1)];
  }

  static double jitter(SplittableRandom rnd, double degrees) {
    return Math.round((degrees + (rnd.nextDouble() - 0.5) * 0.1) * 1e5) / 1e5;
  }

  static double lognormal(SplittableRandom rnd, double median) {
    // Box-Muller normal, sigma 0.6.
    double u1 = Math.max(1e-12, rnd.nextDouble());
    double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    return median * Math.exp(0.6 * z);
  }

  static ObjectNode node(Event e) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("transaction_id", e.id);
    n.put("card_id", e.card);
    n.put("merchant_id", e.merchant);
    n.put("amount", e.amount);
    n.put("event_time", Instant.ofEpochMilli(e.time).toString());
    n.put("merchant_category", e.category);
    n.put("currency", e.currency);
    if (e.lat != null) {
      n.put("lat", e.lat);
      n.put("lon", e.lon);
    }
    n.put("channel", e.channel);
    n.put("label", e.scenario.isFraud() ? 1 : 0);
    n.put("scenario", e.scenario.name());
    return n;
  }

  private static String encode(Event e) {
    return node(e).toString();
  }

  /** A broken variant of {@code e}, one of each dead-letter kind in turn. */
  private static String malformed(SplittableRandom rnd, Event e) {
    ObjectNode n = node(e);
    n.put("transaction_id", "bad-" + e.id);
    switch (rnd.nextInt(8)) {
      case 0:
        return n.toString().substring(0, n.toString().length() / 2);
      case 1:
        n.remove("card_id");
        return n.toString();
      case 2:
        n.put("amount", -Math.abs(e.amount) - 1);
        return n.toString();
      case 3:
        n.put("event_time", "not-a-time");
        return n.toString();
      case 4:
        return "[" + n + "]";
      case 5:
        n.remove("lon");
        n.put("lat", 12.5);
        return n.toString();
      case 6:
        n.put("channel", "PHONE");
        return n.toString();
      default:
        n.put("amount", String.valueOf(e.amount));
        return n.toString();
    }
  }

  /** Settings for {@link TransactionGenerator}, validated as they are set. */
  public static final class Builder {
    private long seed = 42;
    private int transactions = 5_000;
    private int cards = 300;
    private long startMillis = DEFAULT_START.toEpochMilli();
    private int days = 7;
    private double fraudRate = 0.02;
    private double malformedRate = 0.0;
    private ScenarioRanges ranges = ScenarioRanges.TRAINING;

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder transactions(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("transactions must be >= 0, got " + n);
      }
      this.transactions = n;
      return this;
    }

    public Builder cards(int n) {
      if (n <= 0) {
        throw new IllegalArgumentException("cards must be > 0, got " + n);
      }
      this.cards = n;
      return this;
    }

    public Builder start(Instant start) {
      this.startMillis = start.toEpochMilli();
      return this;
    }

    public Builder days(int days) {
      if (days <= 0) {
        throw new IllegalArgumentException("days must be > 0, got " + days);
      }
      this.days = days;
      return this;
    }

    public Builder fraudRate(double rate) {
      if (!(rate >= 0 && rate < 1)) {
        throw new IllegalArgumentException("fraudRate must be in [0, 1), got " + rate);
      }
      this.fraudRate = rate;
      return this;
    }

    public Builder malformedRate(double rate) {
      if (!(rate >= 0 && rate < 1)) {
        throw new IllegalArgumentException("malformedRate must be in [0, 1), got " + rate);
      }
      this.malformedRate = rate;
      return this;
    }

    /** How widely the fraud scenarios' parameters are drawn (default {@code TRAINING}). */
    public Builder scenarioRanges(ScenarioRanges ranges) {
      if (ranges == null) {
        throw new IllegalArgumentException(
            "scenario ranges must be TRAINING, BROAD or WIDE, got null");
      }
      this.ranges = ranges;
      return this;
    }

    public TransactionGenerator build() {
      return new TransactionGenerator(this);
    }
  }
}
