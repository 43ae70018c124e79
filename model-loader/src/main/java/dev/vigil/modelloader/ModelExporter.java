package dev.vigil.modelloader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;

/**
 * Exports a scoring graph as a versioned SavedModel that {@link VersionedModel} serves: signature
 * {@code serving_default} (float32 {@code [batch, n]} in, float32 {@code [batch, 1]} out), tag
 * {@code serve}, and the {@link FeatureManifest} beside it. The version directory is written under
 * a temporary name and renamed into place, so a poller never sees half a model.
 */
public final class ModelExporter {
  private ModelExporter() {}

  /** Writes {@code baseDir/<version>} and returns it. */
  public static Path export(
      Path baseDir,
      long version,
      Session session,
      Operand<?> input,
      Operand<?> output,
      FeatureManifest manifest)
      throws IOException {
    Files.createDirectories(baseDir);
    Path target = baseDir.resolve(Long.toString(version));
    if (Files.exists(target)) {
      throw new IOException("model version directory already exists: " + target);
    }
    Path staging = baseDir.resolve(".staging-" + version + "-" + System.nanoTime());
    Signature signature =
        Signature.builder()
            .key(ScoringModel.SIGNATURE_KEY)
            .methodName("tensorflow/serving/predict")
            .input(manifest.input(), input)
            .output(manifest.output(), output)
            .build();
    try {
      exportSavedModel(staging, session, signature);
      manifest.write(staging);
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      deleteRecursively(staging);
    }
    return target;
  }

  /**
   * Writes {@code session}'s graph as a SavedModel in {@code dir} (tag {@value
   * ScoringModel#SERVE_TAG}) serving {@code signature}: any inputs and outputs, no manifest.
   */
  public static void exportSavedModel(Path dir, Session session, Signature signature)
      throws IOException {
    SavedModelBundle.exporter(dir.toString())
        .withTags(ScoringModel.SERVE_TAG)
        .withSession(session)
        .withFunction(SessionFunction.create(signature, session))
        .export();
  }

  /** The next free version number under {@code baseDir} (1 when empty). */
  public static long nextVersion(Path baseDir) throws IOException {
    if (!Files.isDirectory(baseDir)) {
      return 1;
    }
    try (Stream<Path> children = Files.list(baseDir)) {
      return children
              .map(p -> p.getFileName().toString())
              .filter(n -> n.matches("\\d{1,18}"))
              .mapToLong(Long::parseLong)
              .max()
              .orElse(0)
          + 1;
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
