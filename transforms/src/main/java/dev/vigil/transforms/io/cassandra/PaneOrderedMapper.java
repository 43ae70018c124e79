package dev.vigil.transforms.io.cassandra;

import com.datastax.driver.core.ResultSet;
import com.datastax.driver.core.Session;
import com.datastax.driver.mapping.MappingManager;
import java.util.Iterator;
import java.util.concurrent.Future;
import org.apache.beam.sdk.io.cassandra.Mapper;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * Upserts the panes of one window or session so that the fullest wins, whatever order the writes
 * reach Cassandra in: each write carries a Cassandra write timestamp equal to its pane's
 * transaction count, which only grows from pane to pane of one row (panes accumulate). Two panes
 * written from different bundles at once could otherwise land in the opposite order, leaving an
 * earlier, smaller pane in the table.
 */
final class PaneOrderedMapper<R extends PaneOrderedMapper.Pane> implements Mapper<R> {
  /** A row written pane by pane. */
  interface Pane {
    /** Grows from one pane of the row to the next: the pane's transaction count. */
    long paneOrder();
  }

  private final com.datastax.driver.mapping.Mapper<R> mapper;

  private PaneOrderedMapper(Session session, Class<R> rowClass) {
    this.mapper = new MappingManager(session).mapper(rowClass);
  }

  /** The {@code CassandraIO.Write.withMapperFactoryFn} factory for {@code rowClass}. */
  static <R extends Pane> SerializableFunction<Session, Mapper> factory(Class<R> rowClass) {
    return session -> new PaneOrderedMapper<>(session, rowClass);
  }

  @Override
  public Iterator<R> map(ResultSet resultSet) {
    return mapper.map(resultSet).iterator();
  }

  @Override
  public Future<Void> deleteAsync(R entity) {
    return mapper.deleteAsync(entity);
  }

  @Override
  public Future<Void> saveAsync(R entity) {
    return mapper.saveAsync(
        entity, com.datastax.driver.mapping.Mapper.Option.timestamp(entity.paneOrder()));
  }
}
