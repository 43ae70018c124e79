package dev.vigil.transforms.io;

import dev.vigil.model.RawRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads JSON Lines files (a path or glob) into {@link RawRecord}s whose source is {@code
 * file:<path>:<line>}, so a dead letter points at the exact line. Blank lines are skipped.
 *
 * <pre>{@code
 * PCollection<RawRecord> raw = p.apply("ReadTransactions", ReadJsonLines.from("in/*.jsonl"));
 * }</pre>
 */
public final class ReadJsonLines extends PTransform<PBegin, PCollection<RawRecord>> {
  private final String filepattern;

  private ReadJsonLines(String filepattern) {
    this.filepattern = filepattern;
  }

  public static ReadJsonLines from(String filepattern) {
    if (filepattern == null || filepattern.isBlank()) {
      throw new IllegalArgumentException("file pattern must not be empty");
    }
    return new ReadJsonLines(filepattern);
  }

  @Override
  public PCollection<RawRecord> expand(PBegin input) {
    return input
        .apply("MatchFiles", FileIO.match().filepattern(filepattern))
        .apply("OpenFiles", FileIO.readMatches())
        .apply("ReadNumberedLines", ParDo.of(new ReadLinesFn()))
        // Lines of one file come from one reader; spread them before the heavy stages.
        .apply("SpreadLines", Reshuffle.viaRandomKey());
  }

  private static final class ReadLinesFn extends DoFn<FileIO.ReadableFile, RawRecord> {
    private final Counter lines = Metrics.counter("vigil.read", "lines");

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, OutputReceiver<RawRecord> out)
        throws IOException {
      String path = file.getMetadata().resourceId().toString();
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(
                  Channels.newInputStream(file.open()), StandardCharsets.UTF_8))) {
        String line;
        long number = 0;
        while ((line = reader.readLine()) != null) {
          number++;
          if (line.isBlank()) {
            continue;
          }
          lines.inc();
          out.output(RawRecord.of(line, "file:" + path + ":" + number));
        }
      }
    }
  }
}
