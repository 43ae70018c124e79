package dev.vigil.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Collects a test pipeline's outputs (as text) in this JVM, under a name, for comparing two
 * branches of one pipeline after it ran: the DirectRunner runs in the test's JVM.
 *
 * <pre>{@code
 * a.apply("CollectA", ParDo.of(new CollectInJvm<>("run1-a")));
 * p.run().waitUntilFinish();
 * assertThat(CollectInJvm.sorted("run1-a"), equalTo(CollectInJvm.sorted("run1-b")));
 * }</pre>
 */
public final class CollectInJvm<T> extends DoFn<T, Void> {
  private static final Map<String, Queue<String>> OUTPUTS = new ConcurrentHashMap<>();
  private final String name;

  public CollectInJvm(String name) {
    this.name = name;
  }

  @ProcessElement
  public void process(@Element T element) {
    OUTPUTS.computeIfAbsent(name, n -> new ConcurrentLinkedQueue<>()).add(String.valueOf(element));
  }

  /** What was collected under {@code name}, sorted. */
  public static List<String> sorted(String name) {
    List<String> out = new ArrayList<>(OUTPUTS.getOrDefault(name, new ConcurrentLinkedQueue<>()));
    out.sort(null);
    return out;
  }
}
