package dev.vigil.transforms.io.cassandra;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.datastax.driver.core.ConsistencyLevel;
import com.datastax.driver.core.WriteType;
import com.datastax.driver.core.exceptions.InvalidQueryException;
import com.datastax.driver.core.exceptions.NoHostAvailableException;
import com.datastax.driver.core.exceptions.WriteTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which Cassandra failures are sent again, and when. */
class WriteRetryTest {
  @Test
  void backsOffExponentiallyUpToACap() {
    assertThat(WriteRetry.delayMillis(0), equalTo(100L));
    assertThat(WriteRetry.delayMillis(1), equalTo(200L));
    assertThat(WriteRetry.delayMillis(5), equalTo(3_200L));
    assertThat(WriteRetry.delayMillis(6), equalTo(5_000L));
    assertThat(WriteRetry.delayMillis(60), equalTo(5_000L));
  }

  @Test
  void retriesTheClustersStateNotTheWritesOwnFaults() {
    WriteRetry retry = new WriteRetry(Duration.ofSeconds(10));
    Exception timeout = new WriteTimeoutException(ConsistencyLevel.ONE, WriteType.SIMPLE, 0, 1);
    Exception noHost = new NoHostAvailableException(Map.of());
    Exception invalid = new InvalidQueryException("unconfigured table card_sessions");
    assertThat(retry.again(timeout, 0, 0), equalTo(true));
    assertThat(retry.again(noHost, 3, 2_000), equalTo(true));
    assertThat(retry.again(invalid, 0, 0), equalTo(false));
    // Only while the next attempt still starts within the retry time.
    assertThat(retry.again(noHost, 0, 9_900), equalTo(true));
    assertThat(retry.again(noHost, 0, 9_901), equalTo(false));
    assertThat(new WriteRetry(Duration.ZERO).again(noHost, 0, 0), equalTo(false));
  }
}
