package dev.vigil.inference;

import dev.vigil.modelloader.FeatureManifest;
import dev.vigil.modelloader.ModelSource;
import dev.vigil.modelloader.ModelValidationException;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a {@link TensorModelHandler} loads, and the key under which one JVM shares it: the
 * framework, the location, the chosen input and output, the optional feature names, and how it is
 * served.
 *
 * @param featureNames the names of the values {@code withPreprocess} returns, in order, or null;
 *     when set, a version carrying Vigil's manifest ({@value FeatureManifest#FILE_NAME}) is fed the
 *     features it names in its own order, and refused when one is missing
 */
record TensorModelSource(
    Framework framework,
    String location,
    String input,
    String output,
    List<String> featureNames,
    long pollMillis,
    int intraOpThreads,
    long idleCloseMillis)
    implements ModelSource<TensorModel>, Serializable {

  /** The model formats RunInference loads. */
  enum Framework {
    SAVED_MODEL,
    ONNX
  }

  TensorModelSource {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("the model location must be set");
    }
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("intraOpThreads must be >= 1, got " + intraOpThreads);
    }
    featureNames = featureNames == null ? null : List.copyOf(featureNames);
  }

  TensorModelSource with(String input, String output, List<String> featureNames) {
    return new TensorModelSource(
        framework,
        location,
        input,
        output,
        featureNames,
        pollMillis,
        intraOpThreads,
        idleCloseMillis);
  }

  TensorModelSource serving(long pollMillis, int intraOpThreads, long idleCloseMillis) {
    return new TensorModelSource(
        framework,
        location,
        input,
        output,
        featureNames,
        pollMillis,
        intraOpThreads,
        idleCloseMillis);
  }

  @Override
  public boolean isModel(Path path) {
    return framework == Framework.ONNX
        ? Files.isRegularFile(path)
        : SavedModelVersion.isSavedModel(path);
  }

  @Override
  public TensorModel load(Path path, long version) throws ModelValidationException {
    FeatureManifest manifest = null;
    Path dir = Files.isDirectory(path) ? path : path.getParent();
    if (dir != null && Files.isRegularFile(dir.resolve(FeatureManifest.FILE_NAME))) {
      manifest = FeatureManifest.read(dir);
    }
    TensorModel model =
        framework == Framework.ONNX
            ? OnnxVersion.load(onnxFile(path), version, intraOpThreads)
            : SavedModelVersion.load(path, version, intraOpThreads);
    try {
      bind(model, manifest);
      probe(model);
      return model;
    } catch (ModelValidationException | RuntimeException e) {
      model.release();
      if (e instanceof ModelValidationException m) {
        throw m;
      }
      throw new ModelValidationException(
          "model " + model.location() + " failed its probe inference: " + e.getMessage(), e);
    }
  }

  private static Path onnxFile(Path path) throws ModelValidationException {
    if (!Files.isDirectory(path)) {
      return path;
    }
    List<Path> files;
    try (Stream<Path> children = Files.list(path)) {
      files = children.filter(p -> p.getFileName().toString().endsWith(".onnx")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (files.size() != 1) {
      throw new ModelValidationException(
          "version directory " + path + " must hold exactly one .onnx file, found " + files);
    }
    return files.get(0);
  }

  private void bind(TensorModel model, FeatureManifest manifest) throws ModelValidationException {
    String in = input;
    if (in == null && manifest != null && model.input(manifest.input()) != null) {
      in = manifest.input();
    }
    TensorSpec mainInput = null;
    if (in != null) {
      mainInput = model.input(in);
      if (mainInput == null) {
        throw new ModelValidationException(
            "model "
                + model.location()
                + " has no input '"
                + in
                + "'; its inputs: "
                + model.inputs());
      }
    } else if (model.inputs().size() == 1) {
      mainInput = model.inputs().get(0);
    }
    String out = output;
    if (out == null && manifest != null) {
      out = manifest.output();
    }
    String mainOutput = null;
    for (TensorSpec o : model.outputs()) {
      mainOutput = o.name().equals(out) ? o.name() : mainOutput;
    }
    if (mainOutput == null) {
      if (output != null) {
        throw new ModelValidationException(
            "model "
                + model.location()
                + " has no output '"
                + output
                + "'; its outputs: "
                + model.outputs());
      }
      mainOutput = model.outputs().get(0).name();
    }
    int[] columns = null;
    if (featureNames != null && manifest != null) {
      columns = manifest.columnsIn(featureNames);
    }
    model.bind(mainInput, mainOutput, columns);
  }

  /** One batch of a single all-zero example, when every input's width is fixed. */
  private static void probe(TensorModel model) {
    Map<String, Column> columns = new HashMap<>();
    for (TensorSpec s : model.inputs()) {
      long w = s.width();
      if (w < 0) {
        return;
      }
      Object zeros =
          switch (s.type()) {
            case FLOAT32 -> new float[(int) w];
            case FLOAT64 -> new double[(int) w];
            case INT32 -> new int[(int) w];
            case INT64 -> new long[(int) w];
          };
      columns.put(s.name(), new Column(s, zeros, 1, (int) w));
    }
    model.run(columns, 1);
  }
}
