package dev.vigil.transforms.io.cassandra;

import com.datastax.driver.mapping.annotations.ClusteringColumn;
import com.datastax.driver.mapping.annotations.PartitionKey;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The partition key and the primary key of a mapped row, read from the fields its class annotates
 * with {@link PartitionKey} and {@link ClusteringColumn} (in the annotations' order).
 */
final class RowKeys<R> {
  private final Field[] partition;
  private final Field[] primary;

  private RowKeys(Field[] partition, Field[] primary) {
    this.partition = partition;
    this.primary = primary;
  }

  /** The keys of {@code rowClass}; fails when it has no {@link PartitionKey} field. */
  static <R> RowKeys<R> of(Class<R> rowClass) {
    List<Field> partition = new ArrayList<>();
    List<Field> clustering = new ArrayList<>();
    for (Field f : rowClass.getDeclaredFields()) {
      if (f.isAnnotationPresent(PartitionKey.class)) {
        partition.add(f);
      } else if (f.isAnnotationPresent(ClusteringColumn.class)) {
        clustering.add(f);
      }
    }
    if (partition.isEmpty()) {
      throw new IllegalArgumentException(
          rowClass.getName() + " has no @PartitionKey field, so it maps no Cassandra table");
    }
    partition.sort(Comparator.comparingInt(f -> f.getAnnotation(PartitionKey.class).value()));
    clustering.sort(Comparator.comparingInt(f -> f.getAnnotation(ClusteringColumn.class).value()));
    partition.forEach(f -> f.setAccessible(true));
    clustering.forEach(f -> f.setAccessible(true));
    List<Field> primary = new ArrayList<>(partition);
    primary.addAll(clustering);
    return new RowKeys<>(partition.toArray(new Field[0]), primary.toArray(new Field[0]));
  }

  /** True when a partition can hold more than one row (the table has clustering columns). */
  boolean clustered() {
    return primary.length > partition.length;
  }

  /** The row's partition key values. */
  List<Object> partitionKey(R row) {
    return values(row, partition);
  }

  /** The row's primary key values: its partition key, then its clustering columns. */
  List<Object> primaryKey(R row) {
    return values(row, primary);
  }

  private static List<Object> values(Object row, Field[] fields) {
    List<Object> key = new ArrayList<>(fields.length);
    try {
      for (Field f : fields) {
        key.add(f.get(row));
      }
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read the key of " + row.getClass().getName(), e);
    }
    return key;
  }
}
