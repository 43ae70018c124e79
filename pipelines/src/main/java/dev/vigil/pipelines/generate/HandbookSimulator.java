package dev.vigil.pipelines.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The transaction simulator of the Fraud Detection Handbook (Le Borgne, Siblini, Lebichot,
 * Bontempi, <i>Reproducible Machine Learning for Credit Card Fraud Detection – Practical
 * Handbook</i>, ULB 2022, section 3.2), implemented from its published procedure and parameters
 * with Vigil's own seeded random numbers, and mapped to Vigil's input contract.
 *
 * <ul>
 *   <li>Customers: a location uniform on a 100×100 grid, a mean amount uniform in [5, 100] (its
 *       deviation half of it), a mean number of transactions per day uniform in [0, 4].
 *   <li>Terminals: a location uniform on the grid. A customer uses the terminals within radius 5.
 *   <li>Each day, each customer makes a Poisson number of transactions, at a time of day drawn
 *       around noon (normal, deviation 20,000 s; outside the day: dropped), of a normal amount (a
 *       negative draw is redrawn uniformly in [0, 2 × mean]), at a uniformly chosen terminal.
 *   <li>Frauds: every amount over 220 (scenario {@code AMOUNT_OVER_220}); each day, 2 terminals
 *       compromised for 28 days, all their transactions fraudulent ({@code COMPROMISED_TERMINAL});
 *       each day, 3 customers compromised for 14 days, a third of their transactions multiplied by
 *       5 and fraudulent ({@code COMPROMISED_CARD}), applied in that order as the book does.
 * </ul>
 *
 * <p>Mapping: customer → {@code card_id} ({@code hb-c-NNNNN}), terminal → {@code merchant_id}
 * ({@code hb-t-NNNNN}) with the terminal's grid position as {@code lat}/{@code lon} in a 100 km box
 * (1 grid unit = 1 km), {@code channel} POS. Each line also carries {@code label}, {@code scenario}
 * and {@code day} (days since the start), which the pipeline ignores.
 */
public final class HandbookSimulator {
  /** The book's start date. */
  public static final Instant BOOK_START = Instant.parse("2018-04-01T00:00:00Z");

  static final double LAT0 = 50.0;
  static final double LON0 = 4.0;
  static final double KM_PER_DEGREE_LAT = 111.32;
  static final double KM_PER_DEGREE_LON = 111.32 * Math.cos(Math.toRadians(LAT0 + 0.45));

  /** Fraud scenarios of the book, as written in {@code scenario}. */
  public static final String[] SCENARIOS = {
    "LEGIT", "AMOUNT_OVER_220", "COMPROMISED_TERMINAL", "COMPROMISED_CARD"
  };

  private final long seed;
  private final int customers;
  private final int terminals;
  private final int days;
  private final double radius;
  private final Instant start;

  // Customer profiles and terminal locations.
  private double[] cx;
  private double[] cy;
  private double[] meanAmount;
  private double[] meanPerDay;
  private double[] tx;
  private double[] ty;

  // Transactions, in chronological order after generate().
  private int count;
  private int[] seconds;
  private int[] customer;
  private int[] terminal;
  private double[] amount;
  private byte[] scenario;

  private HandbookSimulator(
      long seed, int customers, int terminals, int days, double radius, Instant start) {
    this.seed = seed;
    this.customers = customers;
    this.terminals = terminals;
    this.days = days;
    this.radius = radius;
    this.start = start;
  }

  /** The book's parameters: 5,000 customers, 10,000 terminals, 183 days from 2018-04-01, r = 5. */
  public static HandbookSimulator book(long seed) {
    return new HandbookSimulator(seed, 5_000, 10_000, 183, 5, BOOK_START);
  }

  /** Other sizes, same procedure (tests use small ones). */
  public static HandbookSimulator of(long seed, int customers, int terminals, int days) {
    if (customers < 3 || terminals < 2 || days < 1) {
      throw new IllegalArgumentException(
          "need at least 3 customers, 2 terminals and 1 day, got "
              + customers
              + ", "
              + terminals
              + ", "
              + days);
    }
    return new HandbookSimulator(seed, customers, terminals, days, 5, BOOK_START);
  }

  /** The same simulation starting at {@code start} instead of the book's 2018-04-01. */
  public HandbookSimulator startingAt(Instant start) {
    return new HandbookSimulator(seed, customers, terminals, days, radius, start);
  }

  /** Simulates every transaction and fraud; returns this for chaining. */
  public HandbookSimulator simulate() {
    profiles();
    transactions();
    sortChronologically();
    amountsOver220();
    compromisedTerminals();
    compromisedCustomers();
    return this;
  }

  public int size() {
    return count;
  }

  private void profiles() {
    Random c = new Random(seed);
    cx = new double[customers];
    cy = new double[customers];
    meanAmount = new double[customers];
    meanPerDay = new double[customers];
    for (int i = 0; i < customers; i++) {
      cx[i] = c.nextDouble() * 100;
      cy[i] = c.nextDouble() * 100;
      meanAmount[i] = 5 + c.nextDouble() * 95;
      meanPerDay[i] = c.nextDouble() * 4;
    }
    Random t = new Random(seed + 1);
    tx = new double[terminals];
    ty = new double[terminals];
    for (int i = 0; i < terminals; i++) {
      tx[i] = t.nextDouble() * 100;
      ty[i] = t.nextDouble() * 100;
    }
  }

  private void transactions() {
    // About 2 transactions per customer and day on average; add() grows the arrays beyond.
    int capacity = (int) Math.min(1 << 22, (long) customers * days * 2 + 16);
    seconds = new int[capacity];
    customer = new int[capacity];
    terminal = new int[capacity];
    amount = new double[capacity];
    for (int c = 0; c < customers; c++) {
      int[] near = terminalsWithinRadius(c);
      Random r = new Random(seed * 1_000_003L + c);
      double std = meanAmount[c] / 2;
      for (int day = 0; day < days; day++) {
        int n = poisson(r, meanPerDay[c]);
        for (int k = 0; k < n; k++) {
          int time = (int) (86_400 / 2.0 + r.nextGaussian() * 20_000);
          if (time <= 0 || time >= 86_400) {
            continue;
          }
          double a = meanAmount[c] + r.nextGaussian() * std;
          if (a < 0) {
            a = r.nextDouble() * meanAmount[c] * 2;
          }
          a = Math.round(a * 100) / 100.0;
          if (near.length > 0) {
            add(time + day * 86_400, c, near[r.nextInt(near.length)], a);
          }
        }
      }
    }
    scenario = new byte[count];
  }

  private int[] terminalsWithinRadius(int c) {
    int[] near = new int[16];
    int n = 0;
    for (int t = 0; t < terminals; t++) {
      double dx = cx[c] - tx[t];
      double dy = cy[c] - ty[t];
      if (Math.sqrt(dx * dx + dy * dy) < radius) {
        if (n == near.length) {
          near = Arrays.copyOf(near, n * 2);
        }
        near[n++] = t;
      }
    }
    return Arrays.copyOf(near, n);
  }

  private static int poisson(Random r, double lambda) {
    double limit = Math.exp(-lambda);
    double p = 1;
    int k = 0;
    do {
      k++;
      p *= r.nextDouble();
    } while (p > limit);
    return k - 1;
  }

  private void add(int second, int c, int t, double a) {
    if (count == seconds.length) {
      int grown = seconds.length * 2;
      seconds = Arrays.copyOf(seconds, grown);
      customer = Arrays.copyOf(customer, grown);
      terminal = Arrays.copyOf(terminal, grown);
      amount = Arrays.copyOf(amount, grown);
    }
    seconds[count] = second;
    customer[count] = c;
    terminal[count] = t;
    amount[count] = a;
    count++;
  }

  /** Orders the transactions by (time, customer, generation order): deterministic. */
  private void sortChronologically() {
    Integer[] order = new Integer[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        (a, b) -> {
          int c = Integer.compare(seconds[a], seconds[b]);
          if (c != 0) {
            return c;
          }
          c = Integer.compare(customer[a], customer[b]);
          return c != 0 ? c : Integer.compare(a, b);
        });
    int[] s = new int[count];
    int[] cu = new int[count];
    int[] te = new int[count];
    double[] am = new double[count];
    for (int i = 0; i < count; i++) {
      s[i] = seconds[order[i]];
      cu[i] = customer[order[i]];
      te[i] = terminal[order[i]];
      am[i] = amount[order[i]];
    }
    seconds = s;
    customer = cu;
    terminal = te;
    amount = am;
  }

  private int day(int i) {
    return seconds[i] / 86_400;
  }

  private void amountsOver220() {
    for (int i = 0; i < count; i++) {
      if (amount[i] > 220) {
        scenario[i] = 1;
      }
    }
  }

  /** Transaction indices per key (terminal or customer), chronological. */
  private int[][] indexBy(int[] key, int keys) {
    int[] sizes = new int[keys];
    for (int i = 0; i < count; i++) {
      sizes[key[i]]++;
    }
    int[][] out = new int[keys][];
    for (int k = 0; k < keys; k++) {
      out[k] = new int[sizes[k]];
      sizes[k] = 0;
    }
    for (int i = 0; i < count; i++) {
      out[key[i]][sizes[key[i]]++] = i;
    }
    return out;
  }

  private int lastDay() {
    return count == 0 ? 0 : day(count - 1);
  }

  private void compromisedTerminals() {
    int[][] byTerminal = indexBy(terminal, terminals);
    for (int d = 0; d < lastDay(); d++) {
      for (int t : distinct(new Random(seed * 31 + d), terminals, 2)) {
        for (int i : byTerminal[t]) {
          if (day(i) >= d && day(i) < d + 28) {
            scenario[i] = 2;
          }
        }
      }
    }
  }

  private void compromisedCustomers() {
    int[][] byCustomer = indexBy(customer, customers);
    for (int d = 0; d < lastDay(); d++) {
      Random r = new Random(seed * 37 + d);
      List<Integer> compromised = new ArrayList<>();
      for (int c : distinct(r, customers, 3)) {
        for (int i : byCustomer[c]) {
          if (day(i) >= d && day(i) < d + 14) {
            compromised.add(i);
          }
        }
      }
      compromised.sort(Integer::compare);
      int k = compromised.size() / 3;
      // k of them, drawn without replacement.
      for (int j = 0; j < k; j++) {
        int pick = j + r.nextInt(compromised.size() - j);
        int i = compromised.get(pick);
        compromised.set(pick, compromised.get(j));
        compromised.set(j, i);
        amount[i] = Math.round(amount[i] * 5 * 100) / 100.0;
        scenario[i] = 3;
      }
    }
  }

  private static int[] distinct(Random r, int bound, int k) {
    int[] out = new int[k];
    for (int j = 0; j < k; j++) {
      int v;
      boolean again;
      do {
        v = r.nextInt(bound);
        again = false;
        for (int i = 0; i < j; i++) {
          again |= out[i] == v;
        }
      } while (again);
      out[j] = v;
    }
    return out;
  }

  /** Transactions per scenario, in the order of {@link #SCENARIOS}. */
  public long[] countsByScenario() {
    long[] counts = new long[SCENARIOS.length];
    for (int i = 0; i < count; i++) {
      counts[scenario[i]]++;
    }
    return counts;
  }

  /** Transaction {@code i}'s fraud label (after {@link #simulate}). */
  public int label(int i) {
    return scenario[i] == 0 ? 0 : 1;
  }

  public String scenario(int i) {
    return SCENARIOS[scenario[i]];
  }

  public int dayOf(int i) {
    return day(i);
  }

  /** Transaction {@code i}'s {@code transaction_id} (its index in time order). */
  public String transactionId(int i) {
    return String.format(Locale.ROOT, "hb-%07d", i);
  }

  public String cardId(int i) {
    return String.format(Locale.ROOT, "hb-c-%05d", customer[i]);
  }

  public double amount(int i) {
    return amount[i];
  }

  /** Transaction {@code i} as one JSON line of the input contract, plus label, scenario, day. */
  public String line(int i) {
    Instant at = start.plusSeconds(seconds[i]);
    double lat = LAT0 + ty[terminal[i]] / KM_PER_DEGREE_LAT;
    double lon = LON0 + tx[terminal[i]] / KM_PER_DEGREE_LON;
    return String.format(
        Locale.ROOT,
        "{\"transaction_id\":\"%s\",\"card_id\":\"%s\",\"merchant_id\":\"hb-t-%05d\","
            + "\"amount\":%.2f,\"event_time\":\"%s\",\"lat\":%.6f,\"lon\":%.6f,\"channel\":\"POS\","
            + "\"label\":%d,\"scenario\":\"%s\",\"day\":%d}",
        transactionId(i),
        cardId(i),
        terminal[i],
        amount[i],
        at,
        lat,
        lon,
        label(i),
        scenario(i),
        day(i));
  }

  /** Writes the transactions of days {@code [fromDay, toDay)} as JSON Lines; returns how many. */
  public long write(Path file, int fromDay, int toDay) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    long written = 0;
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < count; i++) {
        if (day(i) >= fromDay && day(i) < toDay) {
          w.write(line(i));
          w.newLine();
          written++;
        }
      }
    }
    return written;
  }

  /**
   * Transaction {@code i}'s label as a label record (docs/features.md), known {@code delaySeconds}
   * after the transaction: the book's feedback delay.
   */
  public String labelLine(int i, long delaySeconds) {
    Instant at = start.plusSeconds(seconds[i]);
    return String.format(
        Locale.ROOT,
        "{\"transaction_id\":\"%s\",\"card_id\":\"%s\",\"merchant_id\":\"hb-t-%05d\","
            + "\"label\":%d,\"labelled_at\":\"%s\",\"source\":\"feedback\",\"event_time\":\"%s\"}",
        transactionId(i),
        cardId(i),
        terminal[i],
        label(i),
        at.plusSeconds(delaySeconds),
        at);
  }

  /**
   * Writes the labels of the transactions of days {@code [fromDay, toDay)}, each known {@code
   * delayDays} after its transaction, as JSON Lines; returns how many.
   */
  public long writeLabels(Path file, int fromDay, int toDay, int delayDays) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    long written = 0;
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < count; i++) {
        if (day(i) >= fromDay && day(i) < toDay) {
          w.write(labelLine(i, delayDays * 86_400L));
          w.newLine();
          written++;
        }
      }
    }
    return written;
  }
}
