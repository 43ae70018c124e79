package dev.vigil.benchmarks.detection;

import dev.vigil.pipelines.train.CardPrecision;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * The Handbook's evaluation protocol (chapters 3–5): train on the week from 2018-07-25 (days
 * 115–121, with all earlier history available for features), wait a 7-day feedback delay, test on
 * the week from 2018-08-08 (days 129–135). A card already known to be compromised is left out of a
 * test day: known are the cards with a fraud in the training week or on any day up to the test day
 * minus the delay. Card precision@k per day ranks cards by their highest score that day, leaving
 * out cards found in the top k of an earlier day, and is averaged over the test days.
 */
final class HandbookProtocol {
  static final int TRAIN_START_DAY = 115;
  static final int TRAIN_DAYS = 7;
  static final int DELAY_DAYS = 7;
  static final int TEST_DAYS = 7;
  static final int TEST_START_DAY = TRAIN_START_DAY + TRAIN_DAYS + DELAY_DAYS;

  /** History for training: every day up to the end of the training week. */
  static final int HISTORY_END_DAY = TRAIN_START_DAY + TRAIN_DAYS;

  /** The last day the protocol needs, exclusive. */
  static final int END_DAY = TEST_START_DAY + TEST_DAYS;

  private HandbookProtocol() {}

  /** One scored transaction of the simulated stream. */
  record Scored(int day, String card, int label, String scenario, float score) {}

  /**
   * The test set: the transactions of the test days whose card was not known to be compromised on
   * that day. {@code all} holds every simulated transaction with its score where it was scored (a
   * score is needed only for test days).
   */
  static List<Scored> testSet(List<Scored> all) {
    Set<String> known = new HashSet<>();
    Map<Integer, Set<String>> fraudCardsByDay = new LinkedHashMap<>();
    for (Scored s : all) {
      if (s.label() == 1) {
        fraudCardsByDay.computeIfAbsent(s.day(), d -> new HashSet<>()).add(s.card());
        if (s.day() >= TRAIN_START_DAY && s.day() < TRAIN_START_DAY + TRAIN_DAYS) {
          known.add(s.card());
        }
      }
    }
    // The cards known on each test day d: the training week's, then those of day 121 + d.
    List<Set<String>> knownOn = new ArrayList<>();
    for (int d = 0; d < TEST_DAYS; d++) {
      known.addAll(fraudCardsByDay.getOrDefault(TRAIN_START_DAY + TRAIN_DAYS + d - 1, Set.of()));
      knownOn.add(Set.copyOf(known));
    }
    List<Scored> test = new ArrayList<>();
    for (Scored s : all) {
      int d = s.day() - TEST_START_DAY;
      if (d >= 0 && d < TEST_DAYS && !knownOn.get(d).contains(s.card())) {
        test.add(s);
      }
    }
    return test;
  }

  /** Card precision@k per test day (the book's {@code card_precision_top_k}), in day order. */
  static List<Double> cardPrecisionPerDay(List<Scored> test, int k) {
    int n = test.size();
    int[] day = new int[n];
    int[] card = new int[n];
    float[] score = new float[n];
    byte[] fraud = new byte[n];
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Scored s = test.get(i);
      day[i] = s.day();
      card[i] = ids.computeIfAbsent(s.card(), c -> ids.size());
      score[i] = s.score();
      fraud[i] = (byte) s.label();
    }
    // Every test day, a day without transactions at 0, as the book averages them.
    SortedMap<Integer, Double> byDay = CardPrecision.byDay(day, card, score, fraud, k);
    List<Double> perDay = new ArrayList<>();
    for (int d = TEST_START_DAY; d < TEST_START_DAY + TEST_DAYS; d++) {
      perDay.add(byDay.getOrDefault(d, 0.0));
    }
    return perDay;
  }

  static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }
}
