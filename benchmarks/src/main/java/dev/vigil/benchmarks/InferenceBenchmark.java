package dev.vigil.benchmarks;

import dev.vigil.benchmarks.streaming.Machine;
import dev.vigil.model.FeatureSet;
import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.FeaturedTransactionCoder;
import dev.vigil.modelloader.FeatureManifest;
import dev.vigil.modelloader.ModelConfig;
import dev.vigil.modelloader.ModelLease;
import dev.vigil.modelloader.ModelValidationException;
import dev.vigil.modelloader.ScoringModel;
import dev.vigil.modelloader.VersionedModel;
import dev.vigil.transforms.inference.BatchScorer;
import dev.vigil.transforms.inference.ScoreTransactions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * {@code ./vigil bench inference [--model=DIR] [--seconds=S] [--rows=N] [--results=FILE]}: rows/s
 * of raw {@code SessionFunction.call} against Vigil's scoring at batch sizes 1, 64 and 512, on the
 * same model and the same realistic feature rows, in one run, and both RunInference handlers
 * against their raw calls on one model ({@link HandlerBenchmark}); written as the section {@code
 * inference} of {@code FILE} (default {@code benchmarks/RESULTS.md}):
 *
 * <ol>
 *   <li><b>raw</b>: a pre-built float array → tensor → {@code SessionFunction.call} → copy out;
 *   <li><b>vigil batch</b>: what a scoring DoFn does per batch — features from {@code
 *       FeaturedTransaction}s, the shared model's lease, the call, reasons for high scores, {@code
 *       ScoredTransaction}s;
 *   <li><b>pipeline on Flink</b>: GenerateSequence → realistic rows → {@code ScoreTransactions} →
 *       count on the embedded FlinkRunner (parallelism 1), {@code --rows} rows, job startup
 *       included; and the same pipeline without scoring, for the Beam/Flink share.
 * </ol>
 */
public final class InferenceBenchmark {
  private InferenceBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = Args.parse(args);
    Path model = Path.of(a.getOrDefault("model", "testdata/model"));
    double seconds = Double.parseDouble(a.getOrDefault("seconds", "4"));
    int rows = Integer.parseInt(a.getOrDefault("rows", "1000000"));
    int[] batchSizes = {1, 64, 512};
    FeatureSet set = FeatureRows.setOf(model);
    List<FeaturedTransaction> data = FeatureRows.generate(200_000, 2_000, 99, set);
    System.out.printf(
        "inference benchmark: model %s, %,d feature rows, %.0f s per point, %d cores%n",
        model, data.size(), seconds, Runtime.getRuntime().availableProcessors());

    List<String[]> table = new ArrayList<>();
    try (VersionedModel<ScoringModel> versioned =
        VersionedModel.open(ModelConfig.of(model.toString(), set.names()).withPollMillis(-1))) {
      Path versionDir = versioned.lease().model().directory();
      for (int b : batchSizes) {
        double raw = raw(versionDir, data, b, seconds);
        double vigil = vigilBatch(versioned, data, b, seconds, 0.5);
        double noReasons = vigilBatch(versioned, data, b, seconds, 2.0);
        table.add(
            new String[] {
              Integer.toString(b),
              fmt(raw),
              fmt(vigil),
              pct(vigil / raw),
              fmt(noReasons) + " | " + pct(noReasons / raw)
            });
      }
    }
    double baseline = pipelineOnFlink(model, rows, 0);
    for (int i = 0; i < batchSizes.length; i++) {
      double flink = pipelineOnFlink(model, rows, batchSizes[i]);
      table.get(i)[4] += " | " + fmt(flink);
    }
    List<float[]> vectors = new ArrayList<>(data.size());
    for (FeaturedTransaction f : data) {
      double[] v = f.values();
      float[] row = new float[HandlerBenchmark.WIDTH];
      for (int c = 0; c < row.length && c < v.length; c++) {
        row[c] = (float) v[c];
      }
      vectors.add(row);
    }
    List<HandlerBenchmark.Point> handlers = HandlerBenchmark.run(vectors, batchSizes, seconds);

    StringBuilder md = new StringBuilder();
    md.append("## Inference (`./vigil bench inference`)\n\n")
        .append("| machine | command | date |\n|---|---|---|\n")
        .append(
            String.format(
                "| %s | `./vigil bench inference%s` | %s |%n%n",
                Machine.describe(),
                args.length == 0 ? "" : " " + String.join(" ", args),
                java.time.Instant.now()
                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    .toString()
                    .replace("Z", " UTC")))
        .append(
            "**RunInference handlers on one model**: the MLP of the fraud model's width"
                + " (27 → 64 → 32 → 1, `testdata/inference/vigil-width`) exported by PyTorch to"
                + " ONNX and built from the same weights as a SavedModel with TF Java (both checked"
                + " against PyTorch's outputs to 1e-5 first); realistic v2 feature rows; one"
                + " thread, intra-op threads 1. Raw: a prebuilt float array → tensor → the"
                + " framework's call → copy out. RunInference: what its DoFn does per batch"
                + " (`Predictor.predict`: preprocess, input checks, layout, the call, a"
                + " `PredictionResult` per row), without Beam around it. Both read the same rows"
                + " and are measured in alternating slices, so a drift in the host's speed falls on"
                + " both.\n\n")
        .append(
            "| handler | batch | raw call rows/s | RunInference rows/s | RunInference ÷ raw |\n")
        .append("|---|---:|---:|---:|---:|\n");
    for (HandlerBenchmark.Point pt : handlers) {
      md.append(
          String.format(
              "| %s | %d | %s | %s | %s |%n",
              pt.handler(),
              pt.batch(),
              fmt(pt.raw()),
              fmt(pt.runInference()),
              pct(pt.runInference() / pt.raw())));
    }
    md.append(
            "\n**The fraud model** (`"
                + model
                + "`, through `ScoreTransactions`' handler: features from `FeaturedTransaction`s,"
                + " the call, reasons for high scores by occlusion, `ScoredTransaction`s), and the"
                + " whole pipeline GenerateSequence → rows → `ScoreTransactions` → count on the"
                + " embedded FlinkRunner (parallelism 1, "
                + String.format("%,d", rows)
                + " rows, startup included; "
                + fmt(baseline)
                + " rows/s without scoring):\n\n")
        .append(
            "| batch | raw SessionFunction.call rows/s | Vigil batch scoring rows/s | Vigil ÷ raw |"
                + " Vigil without reasons rows/s | ÷ raw | pipeline with ScoreTransactions on"
                + " embedded Flink rows/s |\n")
        .append("|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String[] r : table) {
      md.append(String.format("| %s | %s | %s | %s | %s |%n", r[0], r[1], r[2], r[3], r[4]));
    }
    System.out.println();
    System.out.print(md);
    Path results = Path.of(a.getOrDefault("results", "benchmarks/RESULTS.md"));
    ResultsSection.replace(results, "inference", md.toString());
    System.out.println("written to " + results + " (section 'inference')");
  }

  static double raw(Path versionDir, List<FeaturedTransaction> data, int batch, double seconds)
      throws ModelValidationException {
    int[] columns = FeatureManifest.read(versionDir).columnsIn(data.get(0).featureSet().names());
    int n = columns.length;
    float[][] batches = new float[64][];
    for (int k = 0; k < batches.length; k++) {
      int from = (k * batch) % Math.max(1, data.size() - batch);
      batches[k] = new float[batch * n];
      for (int r = 0; r < batch; r++) {
        double[] v = data.get(from + r).values();
        for (int c = 0; c < n; c++) {
          batches[k][r * n + c] = (float) v[columns[c]];
        }
      }
    }
    try (SavedModelBundle bundle = ScoringModel.openBundle(versionDir, 1)) {
      Runnable call = rawCall(bundle.function("serving_default"), batches, batch, n);
      return measure(call, batch, seconds);
    }
  }

  /**
   * One raw call per run: the next prebuilt batch ({@code batch × n} floats) → tensor → {@code
   * SessionFunction.call} (input {@code features}, output {@code score}) → copy out.
   */
  static Runnable rawCall(SessionFunction fn, float[][] batches, int batch, int n) {
    float[] out = new float[batch];
    return new Runnable() {
      int k;

      @Override
      public void run() {
        try (TFloat32 x =
                TFloat32.tensorOf(
                    Shape.of(batch, n),
                    DataBuffers.of(batches[k++ % batches.length], true, false));
            Result r = fn.call(Map.of("features", x))) {
          ((TFloat32) r.get("score").get()).copyTo(DataBuffers.of(out, false, false));
        }
      }
    };
  }

  static double vigilBatch(
      VersionedModel<ScoringModel> model,
      List<FeaturedTransaction> data,
      int batch,
      double seconds,
      double reasonThreshold) {
    BatchScorer scorer = new BatchScorer(reasonThreshold);
    Runnable call =
        new Runnable() {
          int from;

          @Override
          public void run() {
            if (from + batch > data.size()) {
              from = 0;
            }
            List<FeaturedTransaction> slice = data.subList(from, from + batch);
            from += batch;
            try (ModelLease<ScoringModel> lease = model.lease()) {
              scorer.score(lease.model(), slice);
            }
          }
        };
    return measure(call, batch, seconds);
  }

  /** Warm up for a third of the time, then count calls for the rest; returns rows/s. */
  static double measure(Runnable call, int batch, double seconds) {
    long warmEnd = System.nanoTime() + (long) (seconds / 3 * 1e9);
    while (System.nanoTime() < warmEnd) {
      call.run();
    }
    long calls = 0;
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long now;
    do {
      call.run();
      calls++;
      now = System.nanoTime();
    } while (now < end);
    return calls * (double) batch / ((now - start) / 1e9);
  }

  /**
   * Rows/s of {@code a} and of {@code b}, measured in alternating slices (16 each, {@code seconds}
   * in all per call after a warm-up of both): the host's speed drifts over seconds on this machine,
   * and measuring one after the other puts that drift into their ratio.
   */
  static double[] measureInterleaved(Runnable a, Runnable b, int batch, double seconds) {
    int slices = 16;
    measure(a, batch, seconds / 6);
    measure(b, batch, seconds / 6);
    long[] totalA = new long[2]; // calls, nanoseconds
    long[] totalB = new long[2];
    long slice = (long) (seconds / slices * 1e9);
    for (int i = 0; i < slices; i++) {
      runFor(a, slice, totalA);
      runFor(b, slice, totalB);
    }
    return new double[] {
      totalA[0] * (double) batch / (totalA[1] / 1e9), totalB[0] * (double) batch / (totalB[1] / 1e9)
    };
  }

  /**
   * Calls {@code call} for at least {@code nanos}; adds the calls and the time to {@code total}.
   */
  private static void runFor(Runnable call, long nanos, long[] total) {
    long start = System.nanoTime();
    long now;
    do {
      call.run();
      total[0]++;
      now = System.nanoTime();
    } while (now < start + nanos);
    total[1] += now - start;
  }

  /** Serves a pool of realistic featured rows by index, so the pipeline carries no input data. */
  static final class PooledRowsFn extends DoFn<Long, FeaturedTransaction> {
    private final FeatureSet set;
    private transient List<FeaturedTransaction> pool;

    PooledRowsFn(FeatureSet set) {
      this.set = set;
    }

    @Setup
    public void setup() throws Exception {
      pool = FeatureRows.generate(20_000, 2_000, 99, set);
    }

    @ProcessElement
    public void process(@Element Long i, OutputReceiver<FeaturedTransaction> out) {
      out.output(pool.get((int) (i % pool.size())));
    }
  }

  /** Counts what reaches the end of the pipeline. */
  static final class CountFn<T> extends DoFn<T, Void> {
    private final Counter done = Metrics.counter("bench", "done");

    @ProcessElement
    public void process() {
      done.inc();
    }
  }

  /**
   * Rows/s of a FlinkRunner (embedded, parallelism 1) pipeline GenerateSequence → rows →
   * [ScoreTransactions] → count, startup included; {@code batch <= 0} means no scoring.
   */
  static double pipelineOnFlink(Path model, int rows, int batch) throws Exception {
    FeatureSet set = FeatureRows.setOf(model);
    FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    options.setRunner(FlinkRunner.class);
    options.setParallelism(1);
    Pipeline p = Pipeline.create(options);
    PCollection<FeaturedTransaction> input =
        p.apply("Sequence", GenerateSequence.from(0).to(rows))
            .apply("Rows", ParDo.of(new PooledRowsFn(set)))
            .setCoder(FeaturedTransactionCoder.of());
    if (batch > 0) {
      input
          .apply(
              "Score",
              ScoreTransactions.with(
                      ModelConfig.of(model.toString(), set.names()).withPollMillis(-1))
                  .withMaxBatchSize(batch))
          .output()
          .apply("Count", ParDo.of(new CountFn<>()));
    } else {
      input.apply("Count", ParDo.of(new CountFn<>()));
    }
    long start = System.nanoTime();
    PipelineResult result = p.run();
    result.waitUntilFinish();
    double secs = (System.nanoTime() - start) / 1e9;
    long done = 0;
    for (MetricResult<Long> c :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named("bench", "done"))
                    .build())
            .getCounters()) {
      done += c.getAttempted();
    }
    if (done != rows) {
      throw new IllegalStateException("counted " + done + " of " + rows);
    }
    return rows / secs;
  }

  static String fmt(double rowsPerSecond) {
    return String.format("%,.0f", rowsPerSecond);
  }

  static String pct(double ratio) {
    return String.format("%.0f %%", ratio * 100);
  }
}
