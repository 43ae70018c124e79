package dev.vigil.transforms.io.cassandra;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.Session;
import com.datastax.driver.mapping.MappingManager;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Cassandra session per JVM, endpoint (address and client settings) and keyspace, shared by
 * every writer instance in the JVM (every table, every parallel instance), counted by reference.
 *
 * <p>A session whose last user releases it stays open for {@link #IDLE_CLOSE_MILLIS} milliseconds,
 * so that a runner that tears its {@code DoFn}s down after every task (the Spark runner, once per
 * micro-batch and partition) finds it still connected on the next one instead of connecting anew.
 */
final class SharedSessions {
  private static final Logger LOG = LoggerFactory.getLogger(SharedSessions.class);

  /** How long a session without users stays open. */
  static final long IDLE_CLOSE_MILLIS = 10_000;

  /** {@link #IDLE_CLOSE_MILLIS}, shortened by tests of the close itself. */
  static volatile long idleCloseMillis = IDLE_CLOSE_MILLIS;

  private static final Map<String, Entry> SESSIONS = new HashMap<>();

  /** Runs delayed closes and write retries; its one thread is a daemon. */
  static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "vigil-cassandra-timer");
            t.setDaemon(true);
            return t;
          });

  private SharedSessions() {}

  /** A user's hold on a shared session; {@link #release()} once. */
  static final class Handle {
    private final String key;
    private final Entry entry;
    private boolean released;

    private Handle(String key, Entry entry) {
      this.key = key;
      this.entry = entry;
    }

    Session session() {
      return entry.session;
    }

    MappingManager mappingManager() {
      return entry.mappingManager;
    }

    void release() {
      synchronized (SESSIONS) {
        if (released) {
          return;
        }
        released = true;
        if (--entry.users == 0) {
          entry.pendingClose =
              TIMER.schedule(() -> closeIfIdle(key, entry), idleCloseMillis, TimeUnit.MILLISECONDS);
        }
      }
    }
  }

  private static final class Entry {
    final Cluster cluster;
    final Session session;
    final MappingManager mappingManager;
    int users;
    @Nullable ScheduledFuture<?> pendingClose;

    Entry(Cluster cluster, Session session) {
      this.cluster = cluster;
      this.session = session;
      this.mappingManager = new MappingManager(session);
    }
  }

  /** The shared session for this endpoint and keyspace, connecting if needed. */
  static Handle acquire(CassandraEndpoint endpoint, String keyspace) {
    String key = key(endpoint, keyspace);
    synchronized (SESSIONS) {
      Entry entry = SESSIONS.get(key);
      if (entry == null) {
        Cluster cluster = endpoint.cluster();
        try {
          entry = new Entry(cluster, cluster.connect(keyspace));
        } catch (RuntimeException e) {
          cluster.close();
          throw new IllegalStateException(
              CassandraSchema.connectionFailure(endpoint, keyspace, e), e);
        }
        SESSIONS.put(key, entry);
        LOG.info("connected to Cassandra at {}", key);
      }
      if (entry.pendingClose != null) {
        entry.pendingClose.cancel(false);
        entry.pendingClose = null;
      }
      entry.users++;
      return new Handle(key, entry);
    }
  }

  private static void closeIfIdle(String key, Entry entry) {
    synchronized (SESSIONS) {
      if (entry.users > 0 || SESSIONS.get(key) != entry) {
        return;
      }
      SESSIONS.remove(key);
    }
    entry.session.close();
    entry.cluster.close();
    LOG.info("closed the idle Cassandra session to {}", key);
  }

  /** Users of the shared session for this endpoint and keyspace, 0 when none is open. */
  static int users(CassandraEndpoint endpoint, String keyspace) {
    synchronized (SESSIONS) {
      Entry e = SESSIONS.get(key(endpoint, keyspace));
      return e == null ? 0 : e.users;
    }
  }

  private static String key(CassandraEndpoint endpoint, String keyspace) {
    return endpoint.address()
        + "/"
        + keyspace
        + (endpoint.settingsFile() == null ? "" : " with " + endpoint.settingsFile());
  }
}
