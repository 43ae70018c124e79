package dev.vigil.transforms.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Writes each bundle's lines to a file of its own: a hidden temporary file while the bundle runs,
 * renamed to {@code <prefix>-<millis>-<id>.jsonl} when it finishes, so a reader of {@code *.jsonl}
 * never sees half a file. No state and no shuffle: the form for runners that keep a streaming
 * group's values expensively (on Spark a bundle is a micro-batch's partition). A bundle that is
 * retried after its file was renamed writes its lines again, in a second file (at least once).
 */
final class WriteBundleFiles extends DoFn<String, Void> {
  private final String directory;
  private final String prefix;
  private final Counter files = Metrics.counter(WriteJsonRecords.METRICS_NAMESPACE, "files");
  private transient ResourceId temp;
  private transient Writer writer;

  /** Files {@code <directory>/<prefix>-<millis>-<id>.jsonl}. */
  WriteBundleFiles(String directory, String prefix) {
    this.directory = directory;
    this.prefix = prefix;
  }

  @StartBundle
  public void startBundle() {
    temp = null;
    writer = null;
  }

  @ProcessElement
  public void process(@Element String line) throws IOException {
    if (writer == null) {
      temp = resource(".tmp-" + UUID.randomUUID() + ".part");
      writer =
          Channels.newWriter(FileSystems.create(temp, "text/plain"), StandardCharsets.UTF_8.name());
    }
    writer.write(line);
    writer.write('\n');
  }

  @FinishBundle
  public void finishBundle() throws IOException {
    if (writer == null) {
      return;
    }
    writer.close();
    writer = null;
    String id = UUID.randomUUID().toString().substring(0, 8);
    ResourceId done = resource(prefix + "-" + System.currentTimeMillis() + "-" + id + ".jsonl");
    FileSystems.rename(List.of(temp), List.of(done));
    temp = null;
    files.inc();
  }

  @Teardown
  public void teardown() throws IOException {
    if (writer != null) { // the bundle failed: its temporary file is not output
      writer.close();
      FileSystems.delete(List.of(temp));
    }
  }

  private ResourceId resource(String file) {
    String dir = directory.endsWith("/") ? directory : directory + "/";
    return FileSystems.matchNewResource(dir + file, false);
  }
}
