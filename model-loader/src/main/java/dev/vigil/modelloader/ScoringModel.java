package dev.vigil.modelloader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * One loaded, validated SavedModel version. {@link #score} is thread-safe (one shared {@code
 * SessionFunction}); every input tensor and every {@code Result} is closed before it returns, and
 * values are copied out first.
 *
 * <p>Reference-counted ({@link LoadedModel}): a retired version finishes its in-flight calls before
 * it is closed.
 */
public final class ScoringModel extends LoadedModel {
  public static final String SERVE_TAG = "serve";
  public static final String SIGNATURE_KEY = "serving_default";

  private final Path directory;
  private final FeatureManifest manifest;
  private final SavedModelBundle bundle;
  private final SessionFunction function;
  private final int featureCount;
  private final int[] columns;

  private ScoringModel(
      long version,
      Path directory,
      FeatureManifest manifest,
      SavedModelBundle bundle,
      SessionFunction function,
      int[] columns,
      long loadMillis) {
    super(version, directory.toString(), loadMillis);
    this.columns = columns;
    this.directory = directory;
    this.manifest = manifest;
    this.bundle = bundle;
    this.function = function;
    this.featureCount = manifest.features().size();
  }

  /**
   * Loads and validates {@code versionDir}: every feature of the manifest must be one of {@code
   * producedFeatures} (the pipeline's feature vector; see {@link #columns()}); the serving
   * signature must take float32 {@code [batch, n]} and return float32 {@code [batch, 1]}; one probe
   * inference must return a finite score.
   */
  public static ScoringModel load(
      Path versionDir, long version, List<String> producedFeatures, int intraOpThreads)
      throws ModelValidationException {
    long start = System.nanoTime();
    FeatureManifest manifest = FeatureManifest.read(versionDir);
    int[] columns = manifest.columnsIn(producedFeatures);
    if (!Files.isRegularFile(versionDir.resolve("saved_model.pb"))) {
      throw new ModelValidationException("no saved_model.pb in " + versionDir);
    }
    SavedModelBundle bundle = openBundle(versionDir, intraOpThreads);
    try {
      SessionFunction function = signatureFunction(bundle, versionDir);
      checkSignature(function.signature(), manifest, versionDir);
      ScoringModel model =
          new ScoringModel(
              version,
              versionDir,
              manifest,
              bundle,
              function,
              columns,
              (System.nanoTime() - start) / 1_000_000);
      float[] probe = model.score(new float[manifest.features().size()], 1);
      if (probe.length != 1 || !Float.isFinite(probe[0])) {
        throw new ModelValidationException(
            "model " + versionDir + " returned a non-finite score for an all-zero probe row");
      }
      return model;
    } catch (ModelValidationException e) {
      bundle.close();
      throw e;
    } catch (RuntimeException e) {
      bundle.close();
      throw new ModelValidationException(
          "model " + versionDir + " failed its probe inference: " + e.getMessage(), e);
    }
  }

  /**
   * Loads the SavedModel in {@code dir} (tag {@value #SERVE_TAG}) with {@code intraOpThreads}
   * threads per op and ops run in the calling thread (inter-op threads −1, about 2x faster per call
   * for small models); fails saying why.
   */
  public static SavedModelBundle openBundle(Path dir, int intraOpThreads)
      throws ModelValidationException {
    try {
      return SavedModelBundle.loader(dir.toString())
          .withTags(SERVE_TAG)
          .withConfigProto(
              ConfigProto.newBuilder()
                  .setIntraOpParallelismThreads(intraOpThreads)
                  .setInterOpParallelismThreads(-1)
                  .build())
          .load();
    } catch (RuntimeException e) {
      throw new ModelValidationException(
          "cannot load SavedModel " + dir + ": " + e.getMessage(), e);
    }
  }

  private static SessionFunction signatureFunction(SavedModelBundle bundle, Path dir)
      throws ModelValidationException {
    for (SessionFunction f : bundle.functions()) {
      if (SIGNATURE_KEY.equals(f.signature().key())) {
        return f;
      }
    }
    StringBuilder keys = new StringBuilder();
    bundle.functions().forEach(f -> keys.append(' ').append(f.signature().key()));
    throw new ModelValidationException(
        "model " + dir + " has no '" + SIGNATURE_KEY + "' signature; it has:" + keys);
  }

  private static void checkSignature(Signature sig, FeatureManifest manifest, Path dir)
      throws ModelValidationException {
    Map<String, Signature.TensorDescription> inputs = sig.getInputs();
    Map<String, Signature.TensorDescription> outputs = sig.getOutputs();
    Signature.TensorDescription in = inputs.get(manifest.input());
    if (in == null) {
      throw new ModelValidationException(
          "signature input mismatch in "
              + dir
              + ": expected input '"
              + manifest.input()
              + "' but the signature has inputs "
              + inputs.keySet());
    }
    if (in.dataType != DataType.DT_FLOAT) {
      throw new ModelValidationException(
          "signature input '" + manifest.input() + "' must be float32, got " + in.dataType);
    }
    long n = manifest.features().size();
    if (in.shape.numDimensions() != 2
        || (in.shape.size(1) != n && in.shape.size(1) != Shape.UNKNOWN_SIZE)) {
      throw new ModelValidationException(
          "signature input '"
              + manifest.input()
              + "' must have shape [batch, "
              + n
              + "], got "
              + in.shape);
    }
    Signature.TensorDescription out = outputs.get(manifest.output());
    if (out == null) {
      throw new ModelValidationException(
          "signature output mismatch in "
              + dir
              + ": expected output '"
              + manifest.output()
              + "' but the signature has outputs "
              + outputs.keySet());
    }
    if (out.dataType != DataType.DT_FLOAT) {
      throw new ModelValidationException(
          "signature output '" + manifest.output() + "' must be float32, got " + out.dataType);
    }
  }

  /**
   * Scores {@code rows} rows laid out row-major in {@code features} ({@code rows × n} values).
   * Returns one score per row.
   */
  public float[] score(float[] features, int rows) {
    if (features.length != rows * featureCount) {
      throw new IllegalArgumentException(
          "expected " + rows + " x " + featureCount + " values, got " + features.length);
    }
    if (!retain()) {
      throw new IllegalStateException("model version " + version() + " is closed");
    }
    try (TFloat32 input =
            TFloat32.tensorOf(Shape.of(rows, featureCount), DataBuffers.of(features, true, false));
        Result result = function.call(Map.of(manifest.input(), input))) {
      Tensor out =
          result
              .get(manifest.output())
              .orElseThrow(
                  () -> new IllegalStateException("model returned no '" + manifest.output() + "'"));
      TFloat32 scores = (TFloat32) out;
      if (scores.size() != rows) {
        throw new IllegalStateException(
            "model returned " + scores.size() + " scores for " + rows + " rows");
      }
      float[] copy = new float[rows];
      scores.copyTo(DataBuffers.of(copy, false, false));
      return copy;
    } finally {
      release();
    }
  }

  @Override
  protected void closeResources() {
    bundle.close();
  }

  public Path directory() {
    return directory;
  }

  public FeatureManifest manifest() {
    return manifest;
  }

  public int featureCount() {
    return featureCount;
  }

  /**
   * For each model input, in the model's order, its index in the pipeline's feature vector (the
   * {@code producedFeatures} the model was loaded against).
   */
  public int[] columns() {
    return columns.clone();
  }

  /**
   * Lays {@code vectors} (each in the pipeline's feature order) out as this model's input: {@code
   * vectors.size() × featureCount()} float32 values, row-major, picking the model's columns.
   */
  public float[] rows(List<double[]> vectors) {
    float[] rows = new float[vectors.size() * featureCount];
    for (int r = 0; r < vectors.size(); r++) {
      double[] v = vectors.get(r);
      int base = r * featureCount;
      for (int k = 0; k < featureCount; k++) {
        rows[base + k] = (float) v[columns[k]];
      }
    }
    return rows;
  }
}
