package dev.vigil.transforms.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;

import dev.vigil.testing.TestPipelineExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class WriteJsonLinesTest {
  private static List<String> lines(Path dir) throws Exception {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (f.getFileName().toString().endsWith(".jsonl")) {
          out.addAll(Files.readAllLines(f));
        }
      }
    }
    return out;
  }

  @Test
  void aStreamWritesEveryRecordIncludingThoseBehindTheWatermark(TestPipeline p, @TempDir Path dir)
      throws Exception {
    long t0 = 1_795_546_800_000L;
    TestStream<String> stream =
        TestStream.create(StringUtf8Coder.of())
            .addElements(TimestampedValue.of("{\"n\":1}", new Instant(t0)))
            .advanceWatermarkTo(new Instant(t0 + 3_600_000))
            // A late pane or a replayed transaction: its timestamp is an hour behind the watermark.
            .addElements(TimestampedValue.of("{\"n\":2}", new Instant(t0)))
            .advanceProcessingTime(Duration.standardSeconds(20))
            .advanceWatermarkToInfinity();
    p.apply(stream).apply(WriteJsonLines.to(dir.resolve("out").toString()));
    p.run().waitUntilFinish();
    assertThat(lines(dir.resolve("out")), containsInAnyOrder("{\"n\":1}", "{\"n\":2}"));
  }

  @Test
  void aStreamBundleLargerThanAChunkKeepsEveryLineWhole(TestPipeline p, @TempDir Path dir)
      throws Exception {
    // 3,000 lines of 1 KB in one bundle (3 MB, so chunks are cut inside the bundle), their times
    // going forwards: a chunk cut at a line newer than everything in the chunk goes out at that
    // line's time.
    long t0 = 1_795_546_800_000L;
    String pad = "x".repeat(1000);
    List<TimestampedValue<String>> elements = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String line = "{\"n\":" + i + ",\"pad\":\"" + pad + "\"}";
      expected.add(line);
      elements.add(TimestampedValue.of(line, new Instant(t0 + i * 1000L)));
    }
    TestStream<String> stream =
        TestStream.create(StringUtf8Coder.of())
            .addElements(
                elements.get(0),
                elements.subList(1, elements.size()).toArray(new TimestampedValue[0]))
            .advanceProcessingTime(Duration.standardSeconds(20))
            .advanceWatermarkToInfinity();
    p.apply(stream).apply(WriteJsonLines.to(dir.resolve("out").toString()));
    p.run().waitUntilFinish();
    assertThat(lines(dir.resolve("out")), containsInAnyOrder(expected.toArray(new String[0])));
  }

  @Test
  void aFilePerBundleHoldsEveryLineOnceAndLeavesNoTemporaryFile(TestPipeline p, @TempDir Path dir)
      throws Exception {
    long t0 = 1_795_546_800_000L;
    List<String> expected = new ArrayList<>();
    TestStream.Builder<String> stream = TestStream.create(StringUtf8Coder.of());
    for (int bundle = 0; bundle < 3; bundle++) {
      List<TimestampedValue<String>> lines = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        String line = "{\"bundle\":" + bundle + ",\"n\":" + i + "}";
        expected.add(line);
        lines.add(TimestampedValue.of(line, new Instant(t0 + i)));
      }
      stream =
          stream
              .addElements(
                  lines.get(0), lines.subList(1, lines.size()).toArray(new TimestampedValue[0]))
              .advanceWatermarkTo(new Instant(t0 + (bundle + 1) * 60_000L));
    }
    Path out = dir.resolve("out");
    p.apply(stream.advanceWatermarkToInfinity())
        .apply(WriteJsonLines.to(out.toString()).withFilePerBundle(true));
    p.run().waitUntilFinish();
    assertThat(lines(out), containsInAnyOrder(expected.toArray(new String[0])));
    try (Stream<Path> files = Files.list(out)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        assertThat(
            f.getFileName().toString(), org.hamcrest.Matchers.matchesPattern("part-.*\\.jsonl"));
      }
    }
  }
}
