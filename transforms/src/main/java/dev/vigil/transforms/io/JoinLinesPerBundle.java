package dev.vigil.transforms.io;

import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.joda.time.Instant;

/**
 * Joins the lines of a bundle into newline-separated chunks (at most {@code maxChars} characters
 * each, unless one line is longer), in the global window. Written as lines, a chunk gives the same
 * file content as its lines one by one; a group by key downstream then holds a few chunks per pane
 * instead of every line. That matters on the Spark runner, whose streaming bag state encodes the
 * whole bag again on every element added: a file slice of n lines cost O(n²) there.
 */
final class JoinLinesPerBundle extends DoFn<String, String> {
  private final int maxChars;
  private transient StringBuilder chunk;
  private transient Instant newest;

  JoinLinesPerBundle(int maxChars) {
    if (maxChars <= 0) {
      throw new IllegalArgumentException("maxChars must be positive, got " + maxChars);
    }
    this.maxChars = maxChars;
  }

  @StartBundle
  public void startBundle() {
    chunk = new StringBuilder();
    newest = null;
  }

  @ProcessElement
  public void process(@Element String line, @Timestamp Instant at, OutputReceiver<String> out) {
    if (chunk.length() > 0 && chunk.length() + 1 + line.length() > maxChars) {
      // Not before this element's time (Beam's rule for outputs from an element).
      out.outputWithTimestamp(chunk.toString(), newest.isAfter(at) ? newest : at);
      chunk.setLength(0);
      newest = null;
    }
    if (chunk.length() > 0) {
      chunk.append('\n');
    }
    chunk.append(line);
    newest = newest == null || at.isAfter(newest) ? at : newest;
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) {
    if (chunk.length() > 0) {
      context.output(chunk.toString(), newest, GlobalWindow.INSTANCE);
      chunk.setLength(0);
      newest = null;
    }
  }
}
