package dev.vigil.transforms;

import dev.vigil.model.DeadLetter;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The output of a Vigil stage that can reject elements: the good elements and the dead letters.
 *
 * <pre>{@code
 * WithDeadLetters<Transaction> parsed = raw.apply("Parse", ParseTransactions.create());
 * parsed.output();       // PCollection<Transaction>
 * parsed.deadLetters();  // PCollection<DeadLetter>
 * }</pre>
 */
public final class WithDeadLetters<T> implements POutput {
  private final Pipeline pipeline;
  private final TupleTag<T> outputTag;
  private final PCollection<T> output;
  private final TupleTag<DeadLetter> deadLetterTag;
  private final PCollection<DeadLetter> deadLetters;

  private WithDeadLetters(
      Pipeline pipeline,
      TupleTag<T> outputTag,
      PCollection<T> output,
      TupleTag<DeadLetter> deadLetterTag,
      PCollection<DeadLetter> deadLetters) {
    this.pipeline = pipeline;
    this.outputTag = outputTag;
    this.output = output;
    this.deadLetterTag = deadLetterTag;
    this.deadLetters = deadLetters;
  }

  /** Splits a multi-output {@code ParDo} result into elements and dead letters. */
  public static <T> WithDeadLetters<T> of(
      PCollectionTuple tuple, TupleTag<T> outputTag, TupleTag<DeadLetter> deadLetterTag) {
    return new WithDeadLetters<>(
        tuple.getPipeline(),
        outputTag,
        tuple.get(outputTag),
        deadLetterTag,
        tuple.get(deadLetterTag));
  }

  /** Pairs two collections: elements and their dead letters. */
  public static <T> WithDeadLetters<T> of(PCollection<T> output, PCollection<DeadLetter> dead) {
    return new WithDeadLetters<>(
        output.getPipeline(), new TupleTag<>(), output, new TupleTag<>(), dead);
  }

  public PCollection<T> output() {
    return output;
  }

  public PCollection<DeadLetter> deadLetters() {
    return deadLetters;
  }

  /** Applies {@code transform} to {@link #output()}. */
  public <R extends POutput> R apply(String name, PTransform<? super PCollection<T>, R> transform) {
    return output.apply(name, transform);
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(outputTag, output, deadLetterTag, deadLetters);
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
