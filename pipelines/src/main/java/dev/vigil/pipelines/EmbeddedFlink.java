package dev.vigil.pipelines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.StreamingOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Network memory for the FlinkRunner's embedded cluster in batch. Its default (64 MB of network
 * buffers, and at least 512 buffers of 32 KB for each sort-merge shuffle partition) lets only a few
 * blocking shuffles set up at once; a batch graph with more (v2 features: card and merchant
 * grouping, label reading) could wait forever for buffers with no CPU used. Unless the job names
 * its own {@code --flinkConfDir}, an embedded batch job gets a configuration with 256 MB of network
 * memory and 64 buffers per sort-merge partition.
 */
public final class EmbeddedFlink {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFlink.class);
  static final String CONF =
      "# Written by Vigil for the embedded FlinkRunner in batch (EmbeddedFlink).\n"
          + "taskmanager.memory.network.min: 256mb\n"
          + "taskmanager.memory.network.max: 256mb\n"
          + "taskmanager.network.sort-shuffle.min-buffers: 64\n";
  private static Path confDir;

  private EmbeddedFlink() {}

  /** Points an embedded batch FlinkRunner job at Vigil's configuration (see class doc). */
  public static void configure(PipelineOptions options) {
    if (options.getRunner() == null
        || !options.getRunner().getSimpleName().equals("FlinkRunner")
        || options.as(StreamingOptions.class).isStreaming()) {
      return;
    }
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    if (!runsEmbedded(flink) || flink.getFlinkConfDir() != null) {
      return;
    }
    flink.setFlinkConfDir(confDir().toString());
    LOG.info("embedded Flink batch: network memory 256 MB (conf {})", flink.getFlinkConfDir());
  }

  /**
   * Whether the FlinkRunner starts its own cluster in this JVM (no remote {@code --flinkMaster}).
   */
  static boolean runsEmbedded(FlinkPipelineOptions flink) {
    String master = flink.getFlinkMaster();
    return master == null || master.equals("[auto]") || master.equals("[local]");
  }

  private static synchronized Path confDir() {
    if (confDir == null) {
      try {
        Path dir = Files.createTempDirectory("vigil-flink-embedded");
        Files.writeString(dir.resolve("flink-conf.yaml"), CONF);
        dir.toFile().deleteOnExit();
        dir.resolve("flink-conf.yaml").toFile().deleteOnExit();
        confDir = dir;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the embedded Flink configuration", e);
      }
    }
    return confDir;
  }
}
