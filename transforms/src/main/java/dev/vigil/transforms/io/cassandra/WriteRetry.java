package dev.vigil.transforms.io.cassandra;

import com.datastax.driver.core.exceptions.BusyPoolException;
import com.datastax.driver.core.exceptions.ConnectionException;
import com.datastax.driver.core.exceptions.NoHostAvailableException;
import com.datastax.driver.core.exceptions.QueryExecutionException;
import com.datastax.driver.core.exceptions.ServerError;
import java.io.Serializable;
import java.time.Duration;

/**
 * When a failed Cassandra write is sent again: failures of the cluster's state (timeouts,
 * unavailable or overloaded replicas, lost connections, no host reachable) are retried with
 * exponential backoff from {@link #FIRST_DELAY_MILLIS} to {@link #MAX_DELAY_MILLIS} for up to
 * {@code retryFor} after the first attempt; failures of the write itself (an invalid query, a
 * missing table, no permission) are not. Every write is an idempotent upsert, so a retry cannot
 * duplicate a row.
 */
final class WriteRetry implements Serializable {
  private static final long serialVersionUID = 1L;
  static final long FIRST_DELAY_MILLIS = 100;
  static final long MAX_DELAY_MILLIS = 5_000;

  private final long retryForMillis;

  WriteRetry(Duration retryFor) {
    if (retryFor.isNegative()) {
      throw new IllegalArgumentException("the retry time must not be negative, got " + retryFor);
    }
    this.retryForMillis = retryFor.toMillis();
  }

  /** Whether sending the same write again can succeed. */
  static boolean retryable(Throwable failure) {
    return failure instanceof QueryExecutionException
        || failure instanceof ConnectionException
        || failure instanceof NoHostAvailableException
        || failure instanceof BusyPoolException
        || failure instanceof ServerError;
  }

  /** The delay before attempt {@code attempt + 1} (attempt 0 is the first send). */
  static long delayMillis(int attempt) {
    return Math.min(MAX_DELAY_MILLIS, FIRST_DELAY_MILLIS << Math.min(attempt, 20));
  }

  /**
   * Whether to send again after attempt {@code attempt} failed with {@code failure}, {@code
   * elapsedMillis} after the first send.
   */
  boolean again(Throwable failure, int attempt, long elapsedMillis) {
    return retryable(failure) && elapsedMillis + delayMillis(attempt) <= retryForMillis;
  }
}
