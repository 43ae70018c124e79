package dev.vigil.transforms.io.cassandra;

import com.datastax.driver.core.ResultSet;
import com.datastax.driver.core.Session;
import com.datastax.driver.mapping.MappingManager;
import java.util.Iterator;
import java.util.concurrent.Future;
import org.apache.beam.sdk.io.cassandra.Mapper;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * A {@link Mapper} factory for {@code CassandraIO.write()} that gives every upsert an explicit
 * write time, so that the panes of one window or session end in the row in pane order whatever
 * order their writes reach Cassandra in.
 *
 * <p>Accumulating panes of one window upsert the same row. Cassandra keeps the write with the
 * highest write time, and by default that is the time the driver sent it. Two panes of one window
 * can be written by different bundles at the same moment (the DirectRunner runs bundles of a step
 * in parallel), so the earlier pane could land last and stay. Here the write time is {@code
 * jobStartMicros + order(row)}, where {@code order} grows from pane to pane of one window (the
 * transaction count: an accumulating pane holds every element of the panes before it). A later run
 * of the job starts later, so its rows replace an earlier run's as long as the runs are further
 * apart in microseconds than the difference of their counts.
 */
final class PaneOrderedMapperFactory<R> implements SerializableFunction<Session, Mapper> {
  private static final long serialVersionUID = 1L;

  private final Class<R> rowClass;
  private final SerializableFunction<R, Long> order;
  private final long jobStartMicros;
  private transient MappingManager mappingManager;

  PaneOrderedMapperFactory(
      Class<R> rowClass, SerializableFunction<R, Long> order, long jobStartMicros) {
    this.rowClass = rowClass;
    this.order = order;
    this.jobStartMicros = jobStartMicros;
  }

  /** The write time for {@code row}: the job's start plus the row's pane order. */
  long writeTimeMicros(R row) {
    return jobStartMicros + order.apply(row);
  }

  @Override
  public Mapper apply(Session session) {
    if (mappingManager == null || mappingManager.getSession() != session) {
      mappingManager = new MappingManager(session);
    }
    return new TimedMapper(mappingManager.mapper(rowClass));
  }

  private final class TimedMapper implements Mapper<R> {
    private final com.datastax.driver.mapping.Mapper<R> mapper;

    TimedMapper(com.datastax.driver.mapping.Mapper<R> mapper) {
      this.mapper = mapper;
    }

    @Override
    public Iterator<R> map(ResultSet resultSet) {
      return mapper.map(resultSet).iterator();
    }

    @Override
    public Future<Void> deleteAsync(R row) {
      return mapper.deleteAsync(row);
    }

    @Override
    public Future<Void> saveAsync(R row) {
      return mapper.saveAsync(
          row, com.datastax.driver.mapping.Mapper.Option.timestamp(writeTimeMicros(row)));
    }
  }
}
