package dev.vigil.pipelines.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.model.FeatureSet;
import dev.vigil.modelloader.FeatureManifest;
import dev.vigil.modelloader.ModelExporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.losses.BinaryCrossentropy;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Trains the fraud model with TensorFlow Java and exports it: an MLP {@code (n + bins) → 64 → 32 →
 * 1} (n: the row file's features, 9 for v1, 27 for v2) over {@code log1p} features standardised
 * with the training set's statistics plus each feature's piecewise-linear encoding over up to
 * {@value #BINS} quantile bins ({@link PiecewiseLinearEncoding}), all inside the graph so the
 * SavedModel takes raw features. Adam on binary cross-entropy from logits, with minibatches that
 * over-sample fraud to {@code fraudShare}. Deterministic for a given seed.
 */
public final class FraudModelTrainer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FraudModelTrainer.class);
  static final int H1 = 64;
  static final int H2 = 32;

  /** Quantile bins per feature of the piecewise-linear encoding. */
  static final int BINS = 16;

  /** The fraud share of the sample the bins' edges are quantiles of. */
  static final double FRAUD_SHARE_FOR_BINS = 0.5;

  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TFloat32> input;
  private final Placeholder<TFloat32> labels;
  private final Operand<TFloat32> score;
  private final Operand<TFloat32> loss;
  private final Op train;
  private final int n;
  private final List<String> featureNames;

  /** The network's variables and, for each, an assignment from a placeholder (to restore). */
  private final List<Variable<TFloat32>> variables = new ArrayList<>();

  private final List<Placeholder<TFloat32>> restoreValues = new ArrayList<>();
  private final List<Op> restores = new ArrayList<>();

  public FraudModelTrainer(RowSubset trainSet, float learningRate, long seed) {
    featureNames = trainSet.rows.featureNames();
    n = featureNames.size();
    Random random = new Random(seed);
    float[] mean = new float[n];
    float[] std = new float[n];
    standardisation(trainSet, mean, std);
    Ops tf = Ops.create(graph);
    input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, n)));
    labels = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 1)));
    Operand<TFloat32> z =
        tf.math.div(
            tf.math.sub(tf.math.log1p(tf.math.maximum(input, tf.constant(0f))), tf.constant(mean)),
            tf.constant(std));
    PiecewiseLinearEncoding ple =
        PiecewiseLinearEncoding.fit(trainSet, BINS, FRAUD_SHARE_FOR_BINS, seed);
    Operand<TFloat32> encoded = tf.concat(List.of(z, ple.apply(tf, input)), tf.constant(1));
    LOG.info("input: {} standardised features and {} piecewise-linear bins", n, ple.width());
    Operand<TFloat32> h1 = tf.nn.relu(dense(tf, encoded, n + ple.width(), H1, random));
    Operand<TFloat32> h2 = tf.nn.relu(dense(tf, h1, H1, H2, random));
    Operand<TFloat32> logits = dense(tf, h2, H2, 1, random);
    score = tf.math.sigmoid(logits);
    loss = new BinaryCrossentropy(true).call(tf, labels, logits);
    train = new Adam(graph, learningRate).minimize(loss);
    for (Variable<TFloat32> v : variables) {
      Placeholder<TFloat32> value = tf.placeholder(TFloat32.class, Placeholder.shape(v.shape()));
      restoreValues.add(value);
      restores.add(tf.assign(v, value));
    }
    session = new Session(graph);
    session.initialize();
  }

  private Operand<TFloat32> dense(Ops tf, Operand<TFloat32> in, int from, int to, Random random) {
    float[][] w = new float[from][to];
    double scale = Math.sqrt(2.0 / from); // He initialisation, seeded
    for (float[] row : w) {
      for (int j = 0; j < to; j++) {
        row[j] = (float) (random.nextGaussian() * scale);
      }
    }
    Variable<TFloat32> weights = tf.variable(tf.constant(w));
    Variable<TFloat32> bias = tf.variable(tf.constant(new float[to]));
    variables.add(weights);
    variables.add(bias);
    return tf.math.add(tf.linalg.matMul(in, weights), bias);
  }

  /** Mean and deviation of {@code log1p(max(0, x))} per feature, in one pass over the file. */
  private void standardisation(RowSubset rows, float[] mean, float[] std) {
    double[] sum = new double[n];
    double[] sumSq = new double[n];
    float[] x = new float[n];
    for (int p = 0; p < rows.size(); p++) {
      rows.features(p, x, 0);
      for (int c = 0; c < n; c++) {
        double v = Math.log1p(Math.max(0, x[c]));
        sum[c] += v;
        sumSq[c] += v * v;
      }
    }
    for (int c = 0; c < n; c++) {
      double m = sum[c] / rows.size();
      mean[c] = (float) m;
      std[c] = (float) Math.max(1e-3, Math.sqrt(Math.max(0, sumSq[c] / rows.size() - m * m)));
    }
  }

  /** Runs {@code steps} minibatch steps; returns the mean loss of the last 50. */
  public double train(RowSubset rows, int steps, int batchSize, double fraudShare, long seed) {
    return train(rows, steps, batchSize, fraudShare, seed, true);
  }

  private double train(
      RowSubset rows, int steps, int batchSize, double fraudShare, long seed, boolean progress) {
    Random random = new Random(seed);
    int positives = (int) rows.positives();
    int[] fraud = new int[positives];
    int[] legit = new int[rows.size() - positives];
    int nf = 0;
    int nl = 0;
    for (int p = 0; p < rows.size(); p++) {
      if (rows.label(p) != 0) {
        fraud[nf++] = p;
      } else {
        legit[nl++] = p;
      }
    }
    if (fraud.length == 0 || legit.length == 0) {
      throw new IllegalArgumentException(
          "training needs both classes: "
              + fraud.length
              + " fraud, "
              + legit.length
              + " legitimate rows");
    }
    double recent = 0;
    int recentCount = 0;
    float[] xb = new float[batchSize * n];
    float[] yb = new float[batchSize];
    for (int step = 0; step < steps; step++) {
      for (int b = 0; b < batchSize; b++) {
        boolean pickFraud = random.nextDouble() < fraudShare;
        int[] pool = pickFraud ? fraud : legit;
        int p = pool[random.nextInt(pool.length)];
        rows.features(p, xb, b * n);
        yb[b] = rows.label(p);
      }
      try (TFloat32 x = TFloat32.tensorOf(Shape.of(batchSize, n), DataBuffers.of(xb, true, false));
          TFloat32 y = TFloat32.tensorOf(Shape.of(batchSize, 1), DataBuffers.of(yb, true, false));
          Result r =
              session.runner().feed(input, x).feed(labels, y).addTarget(train).fetch(loss).run()) {
        float l = ((TFloat32) r.get(0)).getFloat();
        if (step >= steps - 50) {
          recent += l;
          recentCount++;
        }
        if (progress && (step % Math.max(1, steps / 10) == 0 || step == steps - 1)) {
          LOG.info("training step {} of {}: loss {}", step + 1, steps, l);
        }
      }
    }
    return recent / Math.max(1, recentCount);
  }

  /** What {@link #trainWithEarlyStopping} did. */
  public record EarlyStopping(int stepsRun, int bestStep, double bestValidationAp, double loss) {}

  /**
   * Trains for at most {@code steps}, scoring {@code validation} (later in time than {@code rows})
   * every {@code evalEvery} steps and keeping the weights with the best average precision there;
   * stops after {@code patience} evaluations without improvement and restores the best weights.
   */
  public EarlyStopping trainWithEarlyStopping(
      RowSubset rows,
      RowSubset validation,
      int steps,
      int batchSize,
      double fraudShare,
      long seed,
      int evalEvery,
      int patience) {
    if (validation.positives() == 0 || validation.positives() == validation.size()) {
      throw new IllegalArgumentException(
          "the validation split needs both classes: "
              + validation.positives()
              + " fraud of "
              + validation.size()
              + " rows (use more history or --validationFraction=0)");
    }
    float[][] best = snapshot();
    double bestAp = -1;
    int bestStep = 0;
    int done = 0;
    int worse = 0;
    double loss = 0;
    long phase = seed;
    while (done < steps && worse < patience) {
      int chunk = Math.min(evalEvery, steps - done);
      loss = train(rows, chunk, batchSize, fraudShare, phase++, false);
      done += chunk;
      double ap = new Evaluation(score(validation), validation).prAuc();
      LOG.info("step {} of {}: validation average precision {}", done, steps, ap);
      if (ap > bestAp) {
        bestAp = ap;
        bestStep = done;
        best = snapshot();
        worse = 0;
      } else {
        worse++;
      }
    }
    restore(best);
    return new EarlyStopping(done, bestStep, bestAp, loss);
  }

  private float[][] snapshot() {
    float[][] values = new float[variables.size()][];
    Session.Runner runner = session.runner();
    variables.forEach(runner::fetch);
    try (Result r = runner.run()) {
      for (int i = 0; i < values.length; i++) {
        TFloat32 t = (TFloat32) r.get(i);
        values[i] = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(values[i], false, false));
      }
    }
    return values;
  }

  private void restore(float[][] values) {
    List<TFloat32> tensors = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (int i = 0; i < values.length; i++) {
        TFloat32 t =
            TFloat32.tensorOf(variables.get(i).shape(), DataBuffers.of(values[i], true, false));
        tensors.add(t);
        runner.feed(restoreValues.get(i), t).addTarget(restores.get(i));
      }
      runner.run().close();
    } finally {
      tensors.forEach(TFloat32::close);
    }
  }

  /** Scores rows with the current weights (the exported graph's output). */
  public float[] score(RowSubset rows) {
    float[] out = new float[rows.size()];
    int chunk = 4096;
    for (int start = 0; start < rows.size(); start += chunk) {
      int m = Math.min(chunk, rows.size() - start);
      float[] xb = new float[m * n];
      for (int i = 0; i < m; i++) {
        rows.features(start + i, xb, i * n);
      }
      try (TFloat32 x = TFloat32.tensorOf(Shape.of(m, n), DataBuffers.of(xb, true, false));
          Result r = session.runner().feed(input, x).fetch(score).run()) {
        float[] s = new float[m];
        ((TFloat32) r.get(0)).copyTo(DataBuffers.of(s, false, false));
        System.arraycopy(s, 0, out, start, m);
      }
    }
    return out;
  }

  /** Exports the trained model as version {@code version} under {@code baseDir}. */
  public Path export(Path baseDir, long version, float[] baseline, JsonNode training)
      throws IOException {
    String set = null;
    for (FeatureSet s : FeatureSet.values()) {
      set = s.names().equals(featureNames) ? s.id() : set;
    }
    FeatureManifest manifest =
        new FeatureManifest(set, featureNames, "features", "score", baseline, training);
    return ModelExporter.export(baseDir, version, session, input, score, manifest);
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
