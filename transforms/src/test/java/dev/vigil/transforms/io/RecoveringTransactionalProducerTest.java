package dev.vigil.transforms.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The transaction bookkeeping of {@link RecoveringTransactionalProducer} over Kafka's own {@link
 * MockProducer} (which enforces the transactional state machine); the same on a real broker: {@code
 * RecoveringTransactionalProducerIT} in the pipelines module, and on a Flink cluster with a
 * TaskManager killed: {@code ./vigil bench faults --only=eos-tm-kill}.
 */
class RecoveringTransactionalProducerTest {
  private final List<MockProducer<String, String>> made = new ArrayList<>();

  private RecoveringTransactionalProducer<String, String> producer() {
    return producer(() -> new MockProducer<>(true, new StringSerializer(), new StringSerializer()));
  }

  /** A producer over the mocks {@code make} makes, each kept in {@link #made}. */
  private RecoveringTransactionalProducer<String, String> producer(
      Supplier<MockProducer<String, String>> make) {
    return new RecoveringTransactionalProducer<>(
        () -> {
          MockProducer<String, String> p = make.get();
          made.add(p);
          return p;
        },
        "test");
  }

  @Test
  void aTransactionLeftOpenIsAbortedBeforeTheNext() {
    RecoveringTransactionalProducer<String, String> p = producer();
    p.initTransactions();
    p.beginTransaction();
    p.send(new ProducerRecord<>("t", "k", "lost"));
    // the bundle failed here: no commit, no abort; the next bundle begins on the same producer
    p.beginTransaction();
    p.send(new ProducerRecord<>("t", "k", "kept"));
    p.commitTransaction();
    MockProducer<String, String> mock = made.get(0);
    assertThat(made.size(), is(1));
    assertThat(mock.history().stream().map(ProducerRecord::value).toList(), contains("kept"));
  }

  @Test
  void anInterruptedCommitIsCompletedAndTheInterruptKept() {
    List<Integer> calls = new ArrayList<>();
    RecoveringTransactionalProducer<String, String> p =
        producer(
            () ->
                new MockProducer<>(true, new StringSerializer(), new StringSerializer()) {
                  @Override
                  public void commitTransaction() {
                    calls.add(1);
                    if (calls.size() == 1) {
                      throw new InterruptException("cancelled while committing");
                    }
                    super.commitTransaction();
                  }
                });
    p.initTransactions();
    p.beginTransaction();
    p.send(new ProducerRecord<>("t", "k", "v"));
    p.commitTransaction();
    assertThat("the caller's interrupt is kept", Thread.interrupted(), is(true));
    assertThat(calls.size(), is(2));
    p.beginTransaction(); // nothing left open
    p.commitTransaction();
  }

  @Test
  void aFencedProducerIsReplacedBeforeTheNextTransaction() {
    RecoveringTransactionalProducer<String, String> p = producer();
    p.initTransactions();
    p.beginTransaction();
    p.send(new ProducerRecord<>("t", "k", "v1"));
    made.get(0).fenceProducer();
    try {
      p.commitTransaction();
      throw new AssertionError("a fenced producer's commit must fail");
    } catch (ProducerFencedException expected) {
      // the bundle fails; the sink's writer keeps this producer
    }
    p.beginTransaction();
    p.send(new ProducerRecord<>("t", "k", "v2"));
    p.commitTransaction();
    assertThat(made.size(), is(2));
    assertThat(made.get(0).closed(), is(true));
    assertThat(made.get(1).transactionCommitted(), is(true));
    assertThat(made.get(1).history().stream().map(ProducerRecord::value).toList(), contains("v2"));
  }
}
