package dev.vigil.benchmarks.detection;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.benchmarks.Args;
import dev.vigil.benchmarks.detection.HandbookProtocol.Scored;
import dev.vigil.pipelines.FraudDetectionOptions;
import dev.vigil.pipelines.FraudDetectionPipeline;
import dev.vigil.pipelines.generate.GenerateTransactions;
import dev.vigil.pipelines.generate.HandbookSimulator;
import dev.vigil.pipelines.generate.ScenarioRanges;
import dev.vigil.pipelines.generate.TransactionGenerator;
import dev.vigil.pipelines.train.Evaluation;
import dev.vigil.pipelines.train.RowFile;
import dev.vigil.pipelines.train.TrainFraudModel;
import dev.vigil.pipelines.train.TrainOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./vigil bench detection}: simulates the Fraud Detection Handbook's dataset ({@link
 * HandbookSimulator}, seeded), trains with {@code ./vigil train}'s code on the history up to the
 * end of the book's training week, scores the test week (after a warm-up so trailing features have
 * their history) with the fraud pipeline on the embedded FlinkRunner, and evaluates the book's way
 * ({@link HandbookProtocol}): ROC AUC, average precision, card precision@100, recall per scenario,
 * alert precision and recall at the REVIEW and BLOCK thresholds. Writes {@code
 * benchmarks/DETECTION.md} ({@code --smoke}: a small simulation, {@code
 * benchmarks/target/SMOKE-DETECTION.md}).
 */
public final class DetectionBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(DetectionBenchmark.class);
  static final double REVIEW = 0.5;
  static final double BLOCK = 0.9;

  /**
   * The scoring job's settings: {@code runner-configs/flink-local.args} (embedded Flink,
   * parallelism 2) without the windowed summaries, which do not change a score.
   */
  static final List<String> SCORING_ARGS =
      List.of(
          "--runner=FlinkRunner",
          "--parallelism=2",
          "--summaries=false",
          "--modelPollSeconds=-1",
          "--reviewThreshold=" + REVIEW,
          "--blockThreshold=" + BLOCK);

  /**
   * History days that only feed the features (the 30-day profiles fill after 30 days), as the
   * scoring run's warm-up does: {@code ./vigil train --warmupDays=30}.
   */
  static final int TRAIN_WARMUP_DAYS = 30;

  private DetectionBenchmark() {}

  /** Settings: {@code --seed}, {@code --warmupDays}, {@code --workDir}, {@code --results}. */
  record Settings(
      boolean smoke,
      long seed,
      int warmupDays,
      Path work,
      Path results,
      Path shippedModel,
      List<String> trainArgs) {
    static Settings parse(String[] args) {
      Map<String, String> a =
          Args.parseWithSmoke(
              args,
              "arguments are --smoke, --seed=N, --warmupDays=N, --workDir=DIR, --results=FILE,"
                  + " --shippedModel=DIR, --trainArgs='--opt=v;--opt2=v2'");
      boolean smoke = a.remove(Args.SMOKE) != null;
      int warmup = Integer.parseInt(a.getOrDefault("warmupDays", "31"));
      if (warmup < 1 || warmup > HandbookProtocol.TEST_START_DAY) {
        throw new IllegalArgumentException(
            "--warmupDays must be in 1.." + HandbookProtocol.TEST_START_DAY + ", got " + warmup);
      }
      return new Settings(
          smoke,
          Long.parseLong(a.getOrDefault("seed", "2018")),
          warmup,
          Path.of(a.getOrDefault("workDir", ".work/bench/detection")).toAbsolutePath(),
          Path.of(
              a.getOrDefault(
                  "results",
                  smoke ? "benchmarks/target/SMOKE-DETECTION.md" : "benchmarks/DETECTION.md")),
          Path.of(a.getOrDefault("shippedModel", "testdata/model")).toAbsolutePath(),
          a.getOrDefault("trainArgs", "").isBlank()
              ? List.of()
              : List.of(a.get("trainArgs").split(";")));
    }

    /** The extra training options as they follow {@code ./vigil train} in the report, or "". */
    String trainArgsSuffix() {
      return trainArgs.isEmpty() ? "" : " " + String.join(" ", trainArgs);
    }

    /** How long one scoring job may take before the harness gives up. */
    long timeoutMinutes() {
      return smoke ? 5 : 30;
    }

    HandbookSimulator simulator() {
      return smoke
          ? HandbookSimulator.of(seed, 400, 800, HandbookProtocol.END_DAY)
          : HandbookSimulator.book(seed);
    }
  }

  public static void main(String[] args) throws Exception {
    Settings s = Settings.parse(args);
    String command =
        "./vigil bench detection" + (args.length > 0 ? " " + String.join(" ", args) : "");
    DetectionReport report;
    try {
      report = run(s, command);
    } catch (Exception e) {
      LOG.error("detection benchmark failed", e);
      System.exit(1); // embedded Flink may leave non-daemon threads behind
      return;
    }
    Files.createDirectories(s.results().toAbsolutePath().getParent());
    Files.writeString(s.results(), report.markdown());
    System.out.println(report.markdown());
    LOG.info("results written to {}", s.results());
    System.exit(0); // embedded Flink may leave non-daemon threads behind
  }

  static DetectionReport run(Settings s, String command) throws Exception {
    deleteTree(s.work());
    Files.createDirectories(s.work());
    long t0 = System.nanoTime();
    HandbookSimulator sim = s.simulator().simulate();
    Path history = s.work().resolve("history.jsonl");
    Path scoreInput = s.work().resolve("score-input.jsonl");
    long historyRows = sim.write(history, 0, HandbookProtocol.HISTORY_END_DAY);
    int from = HandbookProtocol.TEST_START_DAY - s.warmupDays();
    long scoreRows = sim.write(scoreInput, from, HandbookProtocol.END_DAY);
    // Every transaction's label, known 7 days after it (the book's feedback delay): the scoring
    // job's merchant risk features count a label only from then on.
    Path labelRecords = s.work().resolve("labels.jsonl");
    sim.writeLabels(labelRecords, 0, HandbookProtocol.END_DAY, HandbookProtocol.DELAY_DAYS);
    LOG.info(
        "simulated {} transactions in {} s: history days 0-{} ({} rows), scoring days {}-{} ({} rows)",
        sim.size(),
        String.format("%.1f", (System.nanoTime() - t0) / 1e9),
        HandbookProtocol.HISTORY_END_DAY - 1,
        historyRows,
        from,
        HandbookProtocol.END_DAY - 1,
        scoreRows);

    long t1 = System.nanoTime();
    Path models = s.work().resolve("models");
    TrainOptions train =
        PipelineOptionsFactory.fromArgs(
                Stream.concat(
                        Stream.of(
                            "--runner=FlinkRunner",
                            "--history=" + history,
                            "--modelDir=" + models,
                            "--workDir=" + s.work().resolve("train"),
                            "--warmupDays=" + TRAIN_WARMUP_DAYS,
                            "--seed=" + s.seed()),
                        s.trainArgs().stream())
                    .toArray(String[]::new))
            .as(TrainOptions.class);
    Path model = TrainFraudModel.run(train);
    double trainSeconds = (System.nanoTime() - t1) / 1e9;

    long t2 = System.nanoTime();
    Path out = s.work().resolve("scored");
    score(scoreInput, labelRecords, models, out, s.timeoutMinutes());
    double scoreSeconds = (System.nanoTime() - t2) / 1e9;

    Measured vigil = measure(sim, readScores(out.resolve("scored")));
    Measured baseline = baseline(s, sim, out.resolve("scored"));
    List<Robustness> robustness = new ArrayList<>();
    for (ScenarioRanges ranges : ScenarioRanges.values()) {
      robustness.add(robustness(s, ranges));
    }
    return new DetectionReport(
        command,
        s,
        sim,
        model,
        historyRows,
        scoreRows,
        trainSeconds,
        scoreSeconds,
        vigil,
        baseline,
        robustness);
  }

  /** A model's measures on the book's test set. */
  record Measured(Evaluation eval, List<Double> cardPrecision, int testRows) {}

  /**
   * Measures scores (by transaction id) on the book's test set: every test-week transaction must
   * have one.
   */
  static Measured measure(HandbookSimulator sim, Map<String, Float> scores) {
    List<Scored> all = new ArrayList<>(sim.size());
    int missing = 0;
    for (int i = 0; i < sim.size(); i++) {
      int day = sim.dayOf(i);
      // Only the test week's scores are used; earlier days count for their frauds alone.
      boolean needed = day >= HandbookProtocol.TEST_START_DAY && day < HandbookProtocol.END_DAY;
      Float sc = needed ? scores.get(sim.transactionId(i)) : null;
      if (needed && sc == null) {
        missing++;
      }
      all.add(new Scored(day, sim.cardId(i), sim.label(i), sim.scenario(i), sc == null ? 0f : sc));
    }
    if (missing > 0) {
      throw new IllegalStateException(missing + " test-week transactions were not scored");
    }
    List<Scored> test = HandbookProtocol.testSet(all);
    float[] testScores = new float[test.size()];
    byte[] labels = new byte[test.size()];
    String[] scenarios = new String[test.size()];
    for (int i = 0; i < test.size(); i++) {
      testScores[i] = test.get(i).score();
      labels[i] = (byte) test.get(i).label();
      scenarios[i] = test.get(i).scenario();
    }
    return new Measured(
        new Evaluation(testScores, labels, scenarios),
        HandbookProtocol.cardPrecisionPerDay(test, 100),
        test.size());
  }

  /**
   * Refits the book's logistic regression ({@link HandbookBaseline}) on the book's training week of
   * the training pass's rows (features over the whole history before it) and scores the test week
   * from the features the pipeline computed.
   */
  static Measured baseline(Settings s, HandbookSimulator sim, Path scoredDir) throws IOException {
    return measure(sim, baselineScores(s, scoredDir));
  }

  /** The refit book baseline's score of every transaction the pipeline scored, by id. */
  static Map<String, Float> baselineScores(Settings s, Path scoredDir) throws IOException {
    Path rowsDir;
    try (Stream<Path> dirs = Files.list(s.work().resolve("train"))) {
      rowsDir =
          dirs.filter(p -> p.getFileName().toString().startsWith("features-"))
              .map(p -> p.resolve("rows"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no training rows under " + s.work()));
    }
    List<double[]> x = new ArrayList<>();
    List<Byte> y = new ArrayList<>();
    long start = HandbookSimulator.BOOK_START.toEpochMilli();
    try (RowFile.Rows rows = RowFile.Rows.open(rowsDir)) {
      List<String> names = rows.featureNames();
      if (!names.containsAll(HandbookBaseline.VIGIL_FEATURES)) {
        throw new IllegalStateException(
            "the book's baseline reads "
                + HandbookBaseline.VIGIL_FEATURES
                + " but the training rows hold "
                + names
                + ": train with feature set v2 (--trainArgs without --featureSet=V1)");
      }
      Map<String, Integer> column = new HashMap<>();
      HandbookBaseline.VIGIL_FEATURES.forEach(name -> column.put(name, names.indexOf(name)));
      float[] f = new float[names.size()];
      for (int r = 0; r < rows.size(); r++) {
        long day = Math.floorDiv(rows.eventTimeMillis(r) - start, 86_400_000L);
        if (day >= HandbookProtocol.TRAIN_START_DAY
            && day < HandbookProtocol.TRAIN_START_DAY + HandbookProtocol.TRAIN_DAYS) {
          rows.features(r, f, 0);
          x.add(HandbookBaseline.bookFeatures(name -> f[column.get(name)]));
          y.add((byte) rows.label(r));
        }
      }
    }
    byte[] labels = new byte[y.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = y.get(i);
    }
    HandbookBaseline lr = HandbookBaseline.fit(x.toArray(double[][]::new), labels);
    Map<String, Float> scores = new HashMap<>();
    forEachScored(
        scoredDir,
        (id, features) ->
            scores.put(id, (float) lr.score(HandbookBaseline.bookFeatures(features))));
    LOG.info(
        "book baseline: logistic regression fit on {} rows of the training week", labels.length);
    return scores;
  }

  /** Calls {@code action} with each scored transaction's id and its features by name. */
  static void forEachScored(Path scoredDir, BiConsumer<String, ToDoubleFunction<String>> action)
      throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    forEachLine(
        scoredDir,
        line -> {
          JsonNode node = mapper.readTree(line);
          JsonNode features = node.path("features");
          action.accept(
              node.path("transaction_id").asText(),
              name -> {
                JsonNode v = features.get(name);
                if (v == null) {
                  throw new IllegalStateException("scored record without feature " + name);
                }
                return v.asDouble();
              });
        });
  }

  /** What {@link #forEachLine} does with a line. */
  interface LineAction {
    void accept(String line) throws IOException;
  }

  /** Calls {@code action} with every line of the {@code .jsonl} files under {@code dir}. */
  static void forEachLine(Path dir, LineAction action) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".jsonl")).toList();
    }
    for (Path f : files) {
      try (BufferedReader r = Files.newBufferedReader(f)) {
        String line;
        while ((line = r.readLine()) != null) {
          action.accept(line);
        }
      }
    }
  }

  /**
   * Scores {@code input} with the newest model under {@code models} on embedded Flink, with the
   * label records of {@code labels} (null: none).
   */
  static void score(Path input, Path labels, Path models, Path out, long timeout) {
    FraudDetectionOptions score =
        PipelineOptionsFactory.fromArgs(
                Stream.concat(
                        SCORING_ARGS.stream(),
                        Stream.of(
                            "--inputFile=" + input,
                            "--outputDir=" + out,
                            "--modelDir=" + models,
                            labels == null ? "--labelsFile=" : "--labelsFile=" + labels))
                    .toArray(String[]::new))
            .as(FraudDetectionOptions.class);
    // The embedded FlinkRunner runs a batch job inside run(); once in six full runs here that job
    // stalled at its read stage with no CPU used, so the harness gives up instead of hanging.
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try {
      runner
          .submit(() -> FraudDetectionPipeline.run(score).waitUntilFinish())
          .get(timeout, TimeUnit.MINUTES);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "scoring "
              + input
              + " did not finish within "
              + timeout
              + " minutes (a stalled embedded"
              + " Flink job); rerun the benchmark",
          e);
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("scoring " + input + " failed", e);
    } finally {
      runner.shutdownNow();
    }
  }

  /**
   * The shipped model on a stream of Vigil's own generator, with the scenarios drawn from the
   * ranges it was trained on or from wider ones: recall per scenario at REVIEW, their mean, and
   * alert precision at REVIEW.
   */
  record Robustness(
      ScenarioRanges ranges,
      int transactions,
      Map<String, double[]> recallByScenario,
      double meanRecall,
      double alertPrecision,
      long alerts) {}

  static Robustness robustness(Settings s, ScenarioRanges ranges) throws IOException {
    Path dir = s.work().resolve("robustness-" + ranges.name().toLowerCase(java.util.Locale.ROOT));
    List<String> lines =
        TransactionGenerator.builder()
            .seed(s.seed() + 1)
            .transactions(s.smoke() ? 4_000 : 60_000)
            .cards(s.smoke() ? 200 : 3_000)
            .days(s.smoke() ? 3 : 14)
            .scenarioRanges(ranges)
            .build()
            .lines();
    Path input = dir.resolve("input.jsonl");
    GenerateTransactions.write(lines, input);
    score(input, null, s.shippedModel(), dir.resolve("out"), s.timeoutMinutes());
    Map<String, Float> scores = readScores(dir.resolve("out").resolve("scored"));
    JsonFactory json = new JsonFactory();
    float[] sc = new float[lines.size()];
    byte[] labels = new byte[lines.size()];
    String[] scenarios = new String[lines.size()];
    int n = 0;
    for (String line : lines) {
      Map<String, String> fields =
          topLevelFields(json, line, "transaction_id", "label", "scenario");
      String id = fields.get("transaction_id");
      int label = Integer.parseInt(fields.getOrDefault("label", "0"));
      String scenario = fields.get("scenario");
      Float score = scores.get(id);
      if (score == null) {
        throw new IllegalStateException("transaction " + id + " was not scored");
      }
      sc[n] = score;
      labels[n] = (byte) label;
      scenarios[n] = scenario;
      n++;
    }
    Evaluation eval = new Evaluation(sc, labels, scenarios);
    Map<String, double[]> recall = eval.recallByScenario(REVIEW);
    double mean = recall.values().stream().mapToDouble(v -> v[0] / v[1]).average().orElse(0);
    double[] at = eval.at(REVIEW);
    return new Robustness(ranges, n, recall, mean, at[0], (long) at[2]);
  }

  /** transaction_id → score, from the pipeline's scored files. */
  static Map<String, Float> readScores(Path scoredDir) throws IOException {
    Map<String, Float> scores = new HashMap<>();
    JsonFactory json = new JsonFactory();
    forEachLine(
        scoredDir,
        line -> {
          Map<String, String> fields = topLevelFields(json, line, "transaction_id", "score");
          if (fields.containsKey("transaction_id") && fields.containsKey("score")) {
            scores.put(fields.get("transaction_id"), Float.parseFloat(fields.get("score")));
          }
        });
    return scores;
  }

  /** The text of the named top-level fields of one JSON object line (a streaming read). */
  static Map<String, String> topLevelFields(JsonFactory json, String line, String... names)
      throws IOException {
    Set<String> wanted = Set.of(names);
    Map<String, String> out = new HashMap<>();
    try (JsonParser p = json.createParser(line)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if (wanted.contains(name)) {
          out.put(name, p.getText());
        } else {
          p.skipChildren();
        }
      }
    }
    return out;
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
  }
}
