package dev.vigil.pipelines.sensors;

import dev.vigil.inference.InferenceFailure;
import dev.vigil.inference.OnnxModelHandler;
import dev.vigil.inference.PredictionResult;
import dev.vigil.inference.RunInference;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.RawRecord;
import dev.vigil.pipelines.CassandraSettings;
import dev.vigil.pipelines.KafkaSettings;
import dev.vigil.transforms.WithDeadLetters;
import dev.vigil.transforms.io.JsonFormat;
import dev.vigil.transforms.io.ReadJsonFromKafka;
import dev.vigil.transforms.io.ReadJsonLines;
import dev.vigil.transforms.io.WriteJsonRecords;
import dev.vigil.transforms.io.WriteToKafka;
import dev.vigil.transforms.io.cassandra.WriteToCassandra;
import dev.vigil.transforms.parse.ParseRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Predictive maintenance on an IoT stream, assembled from Vigil's public transforms: readings
 * ({@code {"sensor_id": "sensor1", "value": 25.5, "timestamp": ...}}) from a file or Kafka ({@code
 * temperature_data}) are parsed with dead letters ({@link ParseRecords}), turned into per-sensor
 * sliding-window features ({@link SensorWindowFeatures}), scored by an ONNX model with {@link
 * RunInference}, and written out: every scored window to files, anomalous windows to files, Kafka
 * and Cassandra, dead letters of every stage to files and Kafka. docs/sensors.md.
 */
public final class SensorPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(SensorPipeline.class);

  /** The stage names dead letters carry. */
  public static final String PARSE_STAGE = "parse";

  public static final String INFERENCE_STAGE = "inference";

  private SensorPipeline() {}

  /** The pipeline's outputs, for sinks and tests. */
  public record Outputs(
      PCollection<ScoredSensorWindow> scored,
      PCollection<ScoredSensorWindow> anomalies,
      PCollection<DeadLetter> deadLetters) {}

  public static void main(String[] args) {
    SensorOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(SensorOptions.class);
    PipelineResult result = run(options);
    result.waitUntilFinish();
  }

  /** Checks the options, builds the graph with every configured sink, and runs it. */
  public static PipelineResult run(SensorOptions o) {
    check(o);
    if (o.getSource() == SensorOptions.Source.KAFKA && o.getMaxReadRecords() == 0) {
      o.as(StreamingOptions.class).setStreaming(true);
    }
    Pipeline p = Pipeline.create(o);
    writeAll(build(p, o), o);
    return p.run();
  }

  /** Fails fast, with what to fix, on options that cannot work. */
  static void check(SensorOptions o) {
    if (o.getSource() == SensorOptions.Source.FILE
        && (o.getInputFile() == null || o.getInputFile().isBlank())) {
      throw new IllegalArgumentException(
          "--source=FILE needs --inputFile=<readings.jsonl> (or use --source=KAFKA)");
    }
    if (o.getWindowMinutes() <= 0
        || o.getWindowEveryMinutes() <= 0
        || o.getWindowEveryMinutes() > o.getWindowMinutes()) {
      throw new IllegalArgumentException(
          "need 0 < --windowEveryMinutes <= --windowMinutes, got "
              + o.getWindowEveryMinutes()
              + " and "
              + o.getWindowMinutes());
    }
    if (!(o.getAnomalyThreshold() > 0 && o.getAnomalyThreshold() <= 1)) {
      throw new IllegalArgumentException(
          "--anomalyThreshold must be in (0, 1], got " + o.getAnomalyThreshold());
    }
    if (!o.getModel().contains("://") && !Files.exists(Path.of(o.getModel()))) {
      throw new IllegalArgumentException(
          "--model: no ONNX model at "
              + Path.of(o.getModel()).toAbsolutePath()
              + " (run from the repository root, or pass the model's path)");
    }
  }

  /** Reads, parses, windows and scores; returns the outputs without writing them. */
  public static Outputs build(Pipeline p, SensorOptions o) {
    WithDeadLetters<Reading> readings =
        p.apply("ReadReadings", read(o))
            .apply(
                "ParseReadings",
                ParseRecords.of(PARSE_STAGE, ReadingJson::new, SerializableCoder.of(Reading.class))
                    .withMetricsNamespace("vigil.sensors"));
    PCollection<SensorWindow> windows =
        readings
            .output()
            .apply(
                "WindowFeatures",
                SensorWindowFeatures.sliding(
                        Duration.standardMinutes(o.getWindowMinutes()),
                        Duration.standardMinutes(o.getWindowEveryMinutes()))
                    .withAllowedLateness(Duration.standardMinutes(o.getAllowedLatenessMinutes())));
    RunInference<SensorWindow> inference =
        RunInference.of(OnnxModelHandler.of(o.getModel()).withPreprocess(SensorWindow::modelInput));
    if (sparkStreaming(o)) {
      // Beam 2.62's Spark runner has no user timers in streaming: batch per bundle there.
      inference = inference.withBatching(RunInference.Batching.PER_BUNDLE);
    }
    WithFailures.Result<PCollection<PredictionResult<SensorWindow>>, InferenceFailure<SensorWindow>>
        predicted = windows.apply("Score", inference.withExceptionHandling());
    double threshold = o.getAnomalyThreshold();
    PCollection<ScoredSensorWindow> scored =
        predicted
            .output()
            .apply(
                "Verdict",
                MapElements.into(TypeDescriptor.of(ScoredSensorWindow.class))
                    .via(
                        (PredictionResult<SensorWindow> r) ->
                            countAnomaly(
                                new ScoredSensorWindow(
                                    r.example(), r.inference(), r.modelId(), threshold))));
    PCollection<ScoredSensorWindow> anomalies =
        scored.apply("Anomalies", Filter.by(ScoredSensorWindow::anomaly));
    PCollection<DeadLetter> failed =
        predicted
            .failures()
            .apply(
                "InferenceDeadLetters",
                MapElements.into(TypeDescriptor.of(DeadLetter.class))
                    .via(
                        (InferenceFailure<SensorWindow> f) ->
                            DeadLetter.of(
                                f.element().toString(),
                                f.reason(),
                                INFERENCE_STAGE,
                                "sensor:"
                                    + f.element().sensorId()
                                    + "@"
                                    + f.element().startMillis())));
    PCollection<DeadLetter> dead =
        PCollectionList.of(readings.deadLetters())
            .and(failed)
            .apply("AllDeadLetters", Flatten.pCollections());
    return new Outputs(scored, anomalies, dead);
  }

  private static final Counter ANOMALIES = Metrics.counter("vigil.sensors", "anomalies");

  private static ScoredSensorWindow countAnomaly(ScoredSensorWindow s) {
    if (s.anomaly()) {
      ANOMALIES.inc();
    }
    return s;
  }

  private static boolean sparkStreaming(SensorOptions o) {
    return o.getRunner() != null
        && o.getRunner().getSimpleName().equals("SparkRunner")
        && o.as(StreamingOptions.class).isStreaming();
  }

  private static PTransform<PBegin, PCollection<RawRecord>> read(SensorOptions o) {
    if (o.getSource() == SensorOptions.Source.FILE) {
      return ReadJsonLines.from(o.getInputFile());
    }
    ReadJsonFromKafka read =
        ReadJsonFromKafka.from(o.getBootstrapServers(), o.getInputTopic())
            .withTimeField("timestamp")
            .withConsumerGroup(o.getConsumerGroup())
            .withConsumerProperties(KafkaSettings.properties(o))
            .withMaxOutOfOrderness(Duration.standardSeconds(o.getMaxOutOfOrdernessSeconds()));
    return o.getMaxReadRecords() > 0 ? read.withMaxNumRecords(o.getMaxReadRecords()) : read;
  }

  /** Writes the outputs to every configured sink. */
  static void writeAll(Outputs out, SensorOptions o) {
    boolean files = o.getOutputs() != SensorOptions.Destinations.KAFKA;
    boolean kafka = o.getOutputs() != SensorOptions.Destinations.FILES;
    if (files) {
      String dir = o.getOutputDir();
      out.scored()
          .apply("WindowsToFiles", WriteJsonRecords.of("windows", SensorJson::scored).to(dir));
      out.anomalies()
          .apply("AnomaliesToFiles", WriteJsonRecords.of("anomalies", SensorJson::scored).to(dir));
      out.deadLetters()
          .apply(
              "DeadLettersToFiles",
              WriteJsonRecords.of("deadletter", JsonFormat::deadLetter).to(dir));
    }
    if (kafka) {
      Map<String, Object> props = KafkaSettings.properties(o);
      out.anomalies()
          .apply(
              "AnomaliesToKafka",
              WriteToKafka.of(SensorJson::scored, (ScoredSensorWindow s) -> s.window().sensorId())
                  .to(o.getBootstrapServers(), o.getAnomaliesTopic())
                  .withProducerProperties(props));
      out.deadLetters()
          .apply(
              "DeadLettersToKafka",
              WriteToKafka.of(JsonFormat::deadLetter, DeadLetter::getSource)
                  .to(o.getBootstrapServers(), o.getDeadLetterTopic())
                  .withProducerProperties(props));
    }
    List<String> hosts = CassandraSettings.hosts(o.getCassandraHosts());
    if (!hosts.isEmpty()) {
      out.anomalies()
          .apply(
              "AnomaliesToCassandra",
              WriteToCassandra.of(AnomalyRow.class, AnomalyRow::of)
                  .withPaneOrder(AnomalyRow::getReadingCount)
                  .withHosts(hosts)
                  .withPort(o.getCassandraPort())
                  .withClientSettingsFile(o.getCassandraPropertiesFile())
                  .withKeyspace(o.getCassandraKeyspace()));
    }
    LOG.info(
        "sensor outputs: files {}, Kafka {}, Cassandra {}",
        files ? o.getOutputDir() : "no",
        kafka ? o.getAnomaliesTopic() + ", " + o.getDeadLetterTopic() : "no",
        hosts.isEmpty() ? "no" : hosts);
  }
}
