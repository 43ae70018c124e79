package dev.vigil.pipelines.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Card precision@k per day, the Fraud Detection Handbook's {@code card_precision_top_k}: each day,
 * rank the cards by their highest transaction score that day, take the top {@code k}, and count
 * those with a fraudulent transaction that day, over {@code k}. A card found fraudulent on one day
 * is left out of the later days (investigators already know it).
 */
public final class CardPrecision {
  private CardPrecision() {}

  /**
   * @param day each transaction's day number
   * @param card each transaction's card, as any dense or sparse int id
   * @param score each transaction's score
   * @param fraud each transaction's label (non-zero: fraud)
   * @return one precision per distinct day, in increasing day order
   */
  public static List<Double> perDay(int[] day, int[] card, float[] score, byte[] fraud, int k) {
    return new ArrayList<>(byDay(day, card, score, fraud, k).values());
  }

  /** As {@link #perDay}, keyed by day number. */
  public static SortedMap<Integer, Double> byDay(
      int[] day, int[] card, float[] score, byte[] fraud, int k) {
    if (day.length != card.length || card.length != score.length || score.length != fraud.length) {
      throw new IllegalArgumentException("day, card, score and fraud differ in length");
    }
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    Map<Integer, List<Integer>> rowsByDay = new HashMap<>();
    for (int i = 0; i < day.length; i++) {
      rowsByDay.computeIfAbsent(day[i], d -> new ArrayList<>()).add(i);
    }
    Set<Integer> detected = new HashSet<>();
    SortedMap<Integer, Double> out = new TreeMap<>();
    for (int d : new TreeSet<>(rowsByDay.keySet())) {
      Map<Integer, float[]> byCard = new HashMap<>(); // card -> {max score, fraud}
      for (int i : rowsByDay.get(d)) {
        if (!detected.contains(card[i])) {
          float[] m =
              byCard.computeIfAbsent(card[i], c -> new float[] {Float.NEGATIVE_INFINITY, 0});
          m[0] = Math.max(m[0], score[i]);
          m[1] = Math.max(m[1], fraud[i] != 0 ? 1 : 0);
        }
      }
      List<Map.Entry<Integer, float[]>> ranked = new ArrayList<>(byCard.entrySet());
      ranked.sort(
          (a, b) -> {
            int c = Float.compare(b.getValue()[0], a.getValue()[0]);
            return c != 0 ? c : Integer.compare(a.getKey(), b.getKey());
          });
      int hits = 0;
      for (Map.Entry<Integer, float[]> e : ranked.subList(0, Math.min(k, ranked.size()))) {
        if (e.getValue()[1] > 0) {
          hits++;
          detected.add(e.getKey());
        }
      }
      out.put(d, hits / (double) k);
    }
    return out;
  }

  /** The mean of {@code values}, 0 when empty. */
  public static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }
}
