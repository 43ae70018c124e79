package dev.vigil.transforms.io;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.joda.time.Duration;

/**
 * Writes JSON strings as JSON Lines files {@code <directory>/part-*.jsonl}.
 *
 * <p>Bounded input is written once at the end. Unbounded input is written in processing-time slices
 * (default every 10 seconds), so files appear while a stream runs: in the global window, so no
 * record is ever behind the watermark and dropped (a late pane, a replayed transaction), named by
 * the launch time and the slice's pane index (kept in checkpointed state), so neither a restored
 * job nor a new run overwrites earlier files. Each bundle's lines travel to the writer joined in
 * chunks of up to 1 MB, so a slice's grouping holds a few elements, not every line (the Spark
 * runner's streaming state re-encodes a whole bag on every element added). On the Spark runner,
 * unbounded input is written a file per bundle instead ({@link #withFilePerBundle}).
 *
 * <pre>{@code
 * json.apply("WriteScored", WriteJsonLines.to("out/scored"));
 * }</pre>
 */
public final class WriteJsonLines extends PTransform<PCollection<String>, PDone> {
  /** The largest chunk of lines that travels as one element to the file writer (streaming). */
  private static final int CHUNK_CHARS = 1 << 20;

  private final String directory;
  private final Duration streamingFlush;
  private final Boolean filePerBundle;

  private WriteJsonLines(String directory, Duration streamingFlush, Boolean filePerBundle) {
    this.directory = directory;
    this.streamingFlush = streamingFlush;
    this.filePerBundle = filePerBundle;
  }

  public static WriteJsonLines to(String directory) {
    if (directory == null || directory.isBlank()) {
      throw new IllegalArgumentException("directory must not be empty");
    }
    return new WriteJsonLines(directory, Duration.standardSeconds(10), null);
  }

  public WriteJsonLines withStreamingFlush(Duration every) {
    if (every == null || every.getMillis() <= 0) {
      throw new IllegalArgumentException("streaming flush must be positive, got " + every);
    }
    return new WriteJsonLines(directory, every, filePerBundle);
  }

  /**
   * Unbounded input: {@code true} writes each bundle to a file of its own (no state, no grouping;
   * at least once), {@code false} writes slices (above). By default, bundles on the Spark runner
   * and slices elsewhere: Spark's streaming state encodes a group's whole bag again on every
   * element added and keeps every micro-batch's copy until a checkpoint, which made slices of a
   * busy stream slow and then ran executors out of memory.
   */
  public WriteJsonLines withFilePerBundle(boolean perBundle) {
    return new WriteJsonLines(directory, streamingFlush, perBundle);
  }

  @Override
  public PDone expand(PCollection<String> input) {
    String prefix = directory.endsWith("/") ? directory + "part" : directory + "/part";
    if (input.isBounded() == PCollection.IsBounded.BOUNDED) {
      return input
          .apply("IntoGlobalWindow", Window.<String>into(new GlobalWindows()))
          .apply("WriteFiles", TextIO.write().to(prefix).withSuffix(".jsonl"));
    }
    String run =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    boolean perBundle =
        filePerBundle != null
            ? filePerBundle
            : input.getPipeline().getOptions().getRunner().getSimpleName().contains("Spark");
    if (perBundle) {
      input.apply("WriteBundleFiles", ParDo.of(new WriteBundleFiles(directory, "part-" + run)));
      return PDone.in(input.getPipeline());
    }
    return input
        .apply(
            "IntoFlushSlices",
            Window.<String>into(new GlobalWindows())
                .triggering(
                    Repeatedly.forever(
                        AfterProcessingTime.pastFirstElementInPane().plusDelayOf(streamingFlush)))
                .withAllowedLateness(Duration.ZERO)
                .discardingFiredPanes())
        .apply("JoinLinesPerBundle", ParDo.of(new JoinLinesPerBundle(CHUNK_CHARS)))
        .apply(
            "WriteFiles",
            TextIO.write()
                .to(prefix + "-" + run)
                .withSuffix(".jsonl")
                .withWindowedWrites()
                .withNumShards(1));
  }
}
