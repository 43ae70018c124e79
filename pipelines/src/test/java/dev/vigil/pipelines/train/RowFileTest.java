package dev.vigil.pipelines.train;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binary row file: exact round trip, shard-independent order, clear errors, the split. */
class RowFileTest {
  static final List<String> NAMES = List.of("a", "b", "c");

  static List<TrainingRow> rows(int count, long seed) {
    Random r = new Random(seed);
    List<TrainingRow> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(
          new TrainingRow(
              TrainingRow.hash("tx-" + i),
              1_700_000_000_000L + i * 1000L,
              ("card-" + (i % 400)).hashCode(),
              i % 50 == 0 ? 1 : 0,
              i % 50 == 0 ? "CARD_TESTING" : "LEGIT",
              new float[] {r.nextFloat() * 100, i, -r.nextFloat()}));
    }
    return out;
  }

  static void write(Path file, List<String> names, List<TrainingRow> rows) throws IOException {
    Files.createDirectories(file.getParent());
    RowFile.Sink sink = new RowFile.Sink(names);
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      sink.open(channel);
      for (TrainingRow row : rows) {
        sink.write(row);
      }
      sink.flush();
    }
  }

  @Test
  void rowsRoundTripExactlyAcrossShards(@TempDir Path dir) throws Exception {
    List<TrainingRow> all = rows(1000, 1);
    write(dir.resolve("rows-1.rows"), NAMES, all.subList(0, 600));
    write(dir.resolve("sub/rows-0.rows"), NAMES, all.subList(600, 1000));
    try (RowFile.Rows rows = RowFile.Rows.open(dir)) {
      assertThat(rows.size(), equalTo(1000));
      assertThat(rows.featureNames(), equalTo(NAMES));
      Set<TrainingRow> read = new HashSet<>();
      for (int i = 0; i < rows.size(); i++) {
        read.add(rows.row(i));
      }
      assertThat(read, equalTo(new HashSet<>(all)));
    }
  }

  @Test
  void theOrderDoesNotDependOnSharding(@TempDir Path dir) throws Exception {
    List<TrainingRow> all = rows(500, 2);
    write(dir.resolve("x/one.rows"), NAMES, all);
    List<TrainingRow> shuffled = new ArrayList<>(all);
    java.util.Collections.shuffle(shuffled, new Random(3));
    write(dir.resolve("y/a.rows"), NAMES, shuffled.subList(0, 123));
    write(dir.resolve("y/b.rows"), NAMES, shuffled.subList(123, 500));
    try (RowFile.Rows one = RowFile.Rows.open(dir.resolve("x"));
        RowFile.Rows two = RowFile.Rows.open(dir.resolve("y"))) {
      int[] a = one.deterministicOrder();
      int[] b = two.deterministicOrder();
      for (int i = 0; i < a.length; i++) {
        assertThat(two.row(b[i]), equalTo(one.row(a[i])));
      }
      for (int i = 1; i < a.length; i++) {
        assertThat(one.transactionHash(a[i - 1]) <= one.transactionHash(a[i]), is(true));
      }
    }
  }

  @Test
  void truncatedOrMismatchedFilesAreRefusedWithTheirName(@TempDir Path dir) throws Exception {
    write(dir.resolve("t/r.rows"), NAMES, rows(10, 4));
    Path truncated = dir.resolve("t/r.rows");
    byte[] bytes = Files.readAllBytes(truncated);
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 3));
    assertThat(
        assertThrows(IOException.class, () -> RowFile.Rows.open(dir.resolve("t"))).getMessage(),
        containsString("ends inside a record"));

    write(dir.resolve("m/a.rows"), NAMES, rows(10, 5));
    write(dir.resolve("m/b.rows"), List.of("a", "b", "z"), rows(10, 6));
    assertThat(
        assertThrows(IOException.class, () -> RowFile.Rows.open(dir.resolve("m"))).getMessage(),
        containsString("has features [a, b, z]"));

    Files.createDirectories(dir.resolve("empty"));
    assertThat(
        assertThrows(IOException.class, () -> RowFile.Rows.open(dir.resolve("empty"))).getMessage(),
        containsString("no .rows files"));
  }

  @Test
  void holdoutSplitNeverSharesACard(@TempDir Path dir) throws Exception {
    write(dir.resolve("r.rows"), NAMES, rows(5000, 7));
    try (RowFile.Rows rows = RowFile.Rows.open(dir)) {
      RowSubset[] split = RowSubset.splitByCard(rows, 0.2, 7);
      Set<Integer> train = new HashSet<>();
      for (int i : split[0].index) {
        train.add(rows.cardHash(i));
      }
      for (int i : split[1].index) {
        assertThat("card in both splits", train.contains(rows.cardHash(i)), is(false));
      }
      assertThat(split[0].size() + split[1].size(), equalTo(5000));
      double share = split[1].size() / 5000.0;
      assertThat("holdout share near 20 %", share > 0.1 && share < 0.3, is(true));
    }
  }

  @Test
  void mediansAreExactBelowTheSampleAndCloseAboveIt(@TempDir Path dir) throws Exception {
    write(dir.resolve("r.rows"), NAMES, rows(5000, 8));
    try (RowFile.Rows rows = RowFile.Rows.open(dir)) {
      RowSubset all = new RowSubset(rows, rows.deterministicOrder());
      float[] exact = all.legitimateMedians(10_000, 1);
      // Feature b is the row number: legitimate rows are 0..4999 without multiples of 50.
      assertThat((double) exact[1], closeTo(2500, 2));
      float[] sampled = all.legitimateMedians(1_000, 1);
      assertThat((double) sampled[1], closeTo(2500, 250));
    }
  }

  @Test
  void evaluationComputesRocAucAndAveragePrecision(@TempDir Path dir) throws Exception {
    // Four rows: fraud, legit, fraud, legit with scores 0.9, 0.8, 0.3, 0.1.
    List<TrainingRow> four = new ArrayList<>();
    int[] labels = {1, 0, 1, 0};
    for (int i = 0; i < 4; i++) {
      four.add(new TrainingRow(i, i, i, labels[i], labels[i] == 1 ? "S" : "LEGIT", new float[3]));
    }
    write(dir.resolve("r.rows"), NAMES, four);
    try (RowFile.Rows rows = RowFile.Rows.open(dir)) {
      RowSubset subset = new RowSubset(rows, new int[] {0, 1, 2, 3});
      Evaluation e = new Evaluation(new float[] {0.9f, 0.8f, 0.3f, 0.1f}, subset);
      // Pairs (fraud above legit): (0.9>0.8), (0.9>0.1), (0.3>0.1); (0.3<0.8): 3 of 4.
      assertThat(e.rocAuc(), closeTo(0.75, 1e-12));
      // Precision at each fraud: 1/1 and 2/3.
      assertThat(e.prAuc(), closeTo((1.0 + 2.0 / 3) / 2, 1e-12));
      assertThat(e.recallByScenario(0.5).get("S")[0], equalTo(1.0));
    }
  }
}
