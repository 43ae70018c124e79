package dev.vigil.transforms.io.cassandra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Rows of one table held for a bundle, written as groups that each touch one partition. Two rows
 * with the same primary key are one write: the one with the higher pane order stays (accumulating
 * panes of one window or session; the later pane holds everything the earlier one did), or the
 * later one when the table has no pane order. Groups keep the order in which their partitions were
 * first seen and hold at most {@code maxGroupRows} rows.
 */
final class PartitionBatches<R> {
  private final RowKeys<R> keys;
  private final @Nullable SerializableFunction<R, Long> paneOrder;
  private final int maxGroupRows;
  private Map<List<Object>, Map<List<Object>, R>> held = new LinkedHashMap<>();
  private int rows;
  private long coalesced;

  PartitionBatches(
      RowKeys<R> keys, @Nullable SerializableFunction<R, Long> paneOrder, int maxGroupRows) {
    if (maxGroupRows < 1) {
      throw new IllegalArgumentException("a group holds at least one row, got " + maxGroupRows);
    }
    this.keys = keys;
    this.paneOrder = paneOrder;
    this.maxGroupRows = maxGroupRows;
  }

  /** Holds {@code row}, replacing an earlier pane of the same primary key. */
  void add(R row) {
    Map<List<Object>, R> partition =
        held.computeIfAbsent(keys.partitionKey(row), k -> new LinkedHashMap<>());
    List<Object> key = keys.primaryKey(row);
    R earlier = partition.get(key);
    if (earlier == null) {
      partition.put(key, row);
      rows++;
      return;
    }
    coalesced++;
    if (paneOrder == null || paneOrder.apply(row) >= paneOrder.apply(earlier)) {
      partition.put(key, row);
    }
  }

  /** Rows held (after coalescing). */
  int size() {
    return rows;
  }

  /** Rows that replaced or lost to another pane of the same key since the last call. */
  long takeCoalesced() {
    long n = coalesced;
    coalesced = 0;
    return n;
  }

  /** Every held row, grouped by partition, and forgets them. */
  List<List<R>> drain() {
    List<List<R>> groups = new ArrayList<>();
    for (Map<List<Object>, R> partition : held.values()) {
      List<R> group = new ArrayList<>(Math.min(partition.size(), maxGroupRows));
      for (R row : partition.values()) {
        if (group.size() == maxGroupRows) {
          groups.add(group);
          group = new ArrayList<>(maxGroupRows);
        }
        group.add(row);
      }
      groups.add(group);
    }
    held = new LinkedHashMap<>();
    rows = 0;
    return groups;
  }
}
