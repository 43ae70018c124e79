package dev.vigil.transforms.io;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Encodes records as JSON (with a {@link JsonFormat} function), counts them in metric {@code
 * vigil.output/<name>}, and writes them as JSON Lines under {@code <baseDir>/<name>/}.
 *
 * <pre>{@code
 * scored.apply("WriteScored", WriteJsonRecords.of("scored", JsonFormat::decided).to("out"));
 * }</pre>
 */
public final class WriteJsonRecords<T> extends PTransform<PCollection<T>, PDone> {
  public static final String METRICS_NAMESPACE = "vigil.output";

  private final String name;
  private final SerializableFunction<T, String> format;
  private final String baseDir;

  private WriteJsonRecords(String name, SerializableFunction<T, String> format, String baseDir) {
    this.name = name;
    this.format = format;
    this.baseDir = baseDir;
  }

  /** Records of output {@code name} (also the sub-directory and the metric name). */
  public static <T> WriteJsonRecords<T> of(String name, SerializableFunction<T, String> format) {
    if (name == null || !name.matches("[a-z_]+")) {
      throw new IllegalArgumentException("output name must be lower_snake_case, got " + name);
    }
    if (format == null) {
      throw new IllegalArgumentException("format must not be null");
    }
    return new WriteJsonRecords<>(name, format, null);
  }

  public WriteJsonRecords<T> to(String baseDir) {
    if (baseDir == null || baseDir.isBlank()) {
      throw new IllegalArgumentException("output base directory must not be empty");
    }
    return new WriteJsonRecords<>(name, format, baseDir);
  }

  @Override
  public PDone expand(PCollection<T> input) {
    if (baseDir == null) {
      throw new IllegalStateException("WriteJsonRecords(" + name + "): call to(baseDir) first");
    }
    String dir = baseDir.endsWith("/") ? baseDir + name : baseDir + "/" + name;
    return input
        .apply("EncodeJson", ParDo.of(new EncodeFn<>(name, format)))
        .apply("WriteJsonLines", WriteJsonLines.to(dir));
  }

  private static final class EncodeFn<T> extends DoFn<T, String> {
    private final SerializableFunction<T, String> format;
    private final Counter written;

    EncodeFn(String name, SerializableFunction<T, String> format) {
      this.format = format;
      this.written = Metrics.counter(METRICS_NAMESPACE, name);
    }

    @ProcessElement
    public void process(@Element T record, OutputReceiver<String> out) {
      written.inc();
      out.output(format.apply(record));
    }
  }
}
