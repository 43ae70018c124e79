package dev.vigil.pipelines.train;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileIO;

/**
 * The compact binary file of labelled training rows: what the feature pass writes (one file per
 * shard, through {@link Sink}) and what training reads (memory-mapped, through {@link Rows}), so
 * the rows never sit on the heap as objects and training can pick minibatches at random.
 *
 * <p>Each file: {@code "VIGILROW"}, format version (int), feature count {@code n} (int), the
 * feature names (UTF), then fixed-width records: transaction hash (long), event time (long), card
 * hash (int), label (byte), scenario ({@value #SCENARIO_BYTES} ASCII bytes, zero-padded), {@code n}
 * float32 features. Big-endian throughout.
 */
public final class RowFile {
  static final byte[] MAGIC = "VIGILROW".getBytes(StandardCharsets.US_ASCII);
  static final int FORMAT_VERSION = 1;

  /** Bytes kept of a row's scenario name. */
  public static final int SCENARIO_BYTES = 24;

  /** File name suffix of the shards. */
  public static final String SUFFIX = ".rows";

  private RowFile() {}

  /** Bytes per record for {@code n} features. */
  static int recordBytes(int n) {
    return 8 + 8 + 4 + 1 + SCENARIO_BYTES + 4 * n;
  }

  /** Writes rows of one feature set to a shard ({@code FileIO.write().via(sink)}). */
  public static final class Sink implements FileIO.Sink<TrainingRow> {
    private final List<String> featureNames;
    private transient DataOutputStream out;

    public Sink(List<String> featureNames) {
      this.featureNames = List.copyOf(featureNames);
    }

    @Override
    public void open(WritableByteChannel channel) throws IOException {
      out =
          new DataOutputStream(
              new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
      out.write(MAGIC);
      out.writeInt(FORMAT_VERSION);
      out.writeInt(featureNames.size());
      for (String name : featureNames) {
        out.writeUTF(name);
      }
    }

    @Override
    public void write(TrainingRow row) throws IOException {
      if (row.features().length != featureNames.size()) {
        throw new IOException(
            "row has " + row.features().length + " features, the file " + featureNames.size());
      }
      out.writeLong(row.transactionHash());
      out.writeLong(row.eventTimeMillis());
      out.writeInt(row.cardHash());
      out.writeByte(row.label());
      // Truncated or zero-padded to the fixed width.
      out.write(Arrays.copyOf(row.scenario().getBytes(StandardCharsets.US_ASCII), SCENARIO_BYTES));
      for (float f : row.features()) {
        out.writeFloat(f);
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush(); // FileIO closes the channel
    }
  }

  /**
   * The rows of every shard under a directory, memory-mapped (off the heap). Rows are addressed by
   * a physical index {@code 0..size()-1}; {@link #deterministicOrder} gives an order that does not
   * depend on how the runner sharded them.
   */
  public static final class Rows implements AutoCloseable {
    private final List<String> featureNames;
    private final int n;
    private final int recordBytes;
    private final List<ByteBuffer> segments = new ArrayList<>();
    private final List<FileChannel> channels = new ArrayList<>();
    private long[] firstRow = new long[0];
    private int size;

    private Rows(List<String> featureNames) {
      this.featureNames = List.copyOf(featureNames);
      this.n = featureNames.size();
      this.recordBytes = recordBytes(n);
    }

    /** Opens every {@code *.rows} file under {@code dir}; all must share one feature list. */
    public static Rows open(Path dir) throws IOException {
      List<Path> files;
      try (Stream<Path> s = Files.walk(dir)) {
        files = s.filter(p -> p.toString().endsWith(SUFFIX)).sorted().toList();
      }
      if (files.isEmpty()) {
        throw new IOException("no " + SUFFIX + " files under " + dir);
      }
      Rows rows = null;
      List<Long> starts = new ArrayList<>();
      long total = 0;
      for (Path f : files) {
        List<String> names;
        long headerBytes;
        try (InputStream in = Files.newInputStream(f);
            DataInputStream data = new DataInputStream(in)) {
          byte[] magic = data.readNBytes(MAGIC.length);
          if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException(f + " is not a Vigil row file");
          }
          int version = data.readInt();
          if (version != FORMAT_VERSION) {
            throw new IOException(
                f + " has row format " + version + ", expected " + FORMAT_VERSION);
          }
          int count = data.readInt();
          names = new ArrayList<>();
          headerBytes = MAGIC.length + 8;
          for (int i = 0; i < count; i++) {
            String name = data.readUTF();
            names.add(name);
            headerBytes += 2 + name.getBytes(StandardCharsets.UTF_8).length;
          }
        }
        if (rows == null) {
          rows = new Rows(names);
        } else if (!rows.featureNames.equals(names)) {
          throw new IOException(f + " has features " + names + ", others " + rows.featureNames);
        }
        FileChannel channel = FileChannel.open(f, StandardOpenOption.READ);
        rows.channels.add(channel);
        long bytes = channel.size() - headerBytes;
        if (bytes % rows.recordBytes != 0) {
          throw new IOException(f + " ends inside a record (truncated?)");
        }
        // Map in segments below 2 GB, each holding whole records.
        long perSegment = (Integer.MAX_VALUE / rows.recordBytes) * (long) rows.recordBytes;
        for (long off = 0; off < bytes; off += perSegment) {
          long len = Math.min(perSegment, bytes - off);
          MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, headerBytes + off, len);
          rows.segments.add(map);
          starts.add(total);
          total += len / rows.recordBytes;
        }
      }
      if (total > Integer.MAX_VALUE) {
        throw new IOException("more than 2^31 rows under " + dir);
      }
      rows.size = (int) total;
      rows.firstRow = starts.stream().mapToLong(Long::longValue).toArray();
      return rows;
    }

    public int size() {
      return size;
    }

    public List<String> featureNames() {
      return featureNames;
    }

    public int featureCount() {
      return n;
    }

    /** The mapped segment holding {@code row} (one binary search over the segments). */
    private int segmentOf(int row) {
      int s = Arrays.binarySearch(firstRow, row);
      return s >= 0 ? s : -s - 2;
    }

    /** The byte offset of {@code row}'s record in segment {@code s}. */
    private int offset(int s, int row) {
      return (int) ((row - firstRow[s]) * recordBytes);
    }

    public long transactionHash(int row) {
      int s = segmentOf(row);
      return segments.get(s).getLong(offset(s, row));
    }

    public long eventTimeMillis(int row) {
      int s = segmentOf(row);
      return segments.get(s).getLong(offset(s, row) + 8);
    }

    public int cardHash(int row) {
      int s = segmentOf(row);
      return segments.get(s).getInt(offset(s, row) + 16);
    }

    public int label(int row) {
      int s = segmentOf(row);
      return segments.get(s).get(offset(s, row) + 20);
    }

    public String scenario(int row) {
      int s = segmentOf(row);
      byte[] b = new byte[SCENARIO_BYTES];
      segments.get(s).get(offset(s, row) + 21, b);
      int len = 0;
      while (len < b.length && b[len] != 0) {
        len++;
      }
      return new String(b, 0, len, StandardCharsets.US_ASCII);
    }

    /** Copies row {@code row}'s features into {@code dst} at {@code at}. */
    public void features(int row, float[] dst, int at) {
      int s = segmentOf(row);
      ByteBuffer b = segments.get(s);
      int off = offset(s, row) + 21 + SCENARIO_BYTES;
      for (int i = 0; i < n; i++) {
        dst[at + i] = b.getFloat(off + 4 * i);
      }
    }

    public TrainingRow row(int row) {
      float[] f = new float[n];
      features(row, f, 0);
      return new TrainingRow(
          transactionHash(row), eventTimeMillis(row), cardHash(row), label(row), scenario(row), f);
    }

    /**
     * Physical indices ordered by (transaction hash, event time): the same order however the rows
     * were sharded, so minibatch sampling is the same for a seed. Needs 12 bytes of heap per row.
     */
    public int[] deterministicOrder() {
      long[] keys = new long[size];
      int[] idx = new int[size];
      for (int i = 0; i < size; i++) {
        keys[i] = transactionHash(i);
        idx[i] = i;
      }
      IndexSort.sort(idx, keys, this);
      return idx;
    }

    @Override
    public void close() throws IOException {
      for (FileChannel c : channels) {
        c.close();
      }
      segments.clear();
    }
  }

  /** A stable merge sort of row indices by key, ties by event time (primitives only). */
  static final class IndexSort {
    private IndexSort() {}

    static void sort(int[] idx, long[] keys, Rows rows) {
      int[] tmp = new int[idx.length];
      for (int width = 1; width < idx.length; width *= 2) {
        for (int lo = 0; lo < idx.length - width; lo += 2 * width) {
          int mid = lo + width;
          int hi = Math.min(lo + 2 * width, idx.length);
          merge(idx, tmp, keys, rows, lo, mid, hi);
        }
      }
    }

    private static void merge(int[] a, int[] tmp, long[] keys, Rows rows, int lo, int mid, int hi) {
      System.arraycopy(a, lo, tmp, lo, hi - lo);
      int i = lo;
      int j = mid;
      for (int k = lo; k < hi; k++) {
        if (i < mid && (j >= hi || compare(tmp[i], tmp[j], keys, rows) <= 0)) {
          a[k] = tmp[i++];
        } else {
          a[k] = tmp[j++];
        }
      }
    }

    private static int compare(int x, int y, long[] keys, Rows rows) {
      int c = Long.compare(keys[x], keys[y]);
      return c != 0 ? c : Long.compare(rows.eventTimeMillis(x), rows.eventTimeMillis(y));
    }
  }
}
