package dev.vigil.pipelines;

import dev.vigil.model.Alert;
import dev.vigil.model.CardSession;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.DecidedTransaction;
import dev.vigil.model.MerchantWindow;
import dev.vigil.transforms.io.JsonFormat;
import dev.vigil.transforms.io.WriteJsonRecords;
import dev.vigil.transforms.io.cassandra.WriteToCassandra;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Where each record kind goes, decided once from the options. A {@link Kind} describes one record
 * kind (its name, JSON encoding, Kafka key, topic option and Cassandra table); {@link #from} routes
 * every kind to its sinks (JSON Lines files, a Kafka topic, a Cassandra table); {@link #write}
 * applies one composite per kind that counts the records once (metric {@value
 * #METRICS_NAMESPACE}{@code /<kind>}) and writes them to each of its sinks.
 *
 * <p>Adding a record kind is one {@link Kind} entry in {@link #KINDS} and one {@code write} call.
 *
 * <pre>{@code
 * Outputs outputs = Outputs.from(options);
 * outputs.write(Outputs.SCORED, decided);
 * }</pre>
 */
public final class Outputs {
  /** Metric namespace of the per-kind record counts (what the run summary prints). */
  public static final String METRICS_NAMESPACE = "vigil.outputs";

  /**
   * One record kind: {@code name} is its directory under {@code --outputDir} and its metric name;
   * {@code topic} reads its Kafka topic option (blank: not written to Kafka); {@code cassandra}
   * makes its Cassandra writer, or is null when the kind has no table.
   */
  public record Kind<T>(
      String name,
      SerializableFunction<T, String> json,
      SerializableFunction<T, String> kafkaKey,
      Function<OutputOptions, String> topic,
      Supplier<WriteToCassandra<T, ?>> cassandra) {

    /** The transform name, e.g. {@code WriteScored} for {@code scored}. */
    String stepName() {
      StringBuilder b = new StringBuilder("Write");
      for (String part : name.split("_")) {
        b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
      return b.toString();
    }
  }

  public static final Kind<DecidedTransaction> SCORED =
      new Kind<>(
          "scored",
          JsonFormat::decided,
          d -> d.getTransaction().getCardId(),
          OutputOptions::getScoredTopic,
          WriteToCassandra::scored);
  public static final Kind<Alert> ALERTS =
      new Kind<>(
          "alerts",
          JsonFormat::alert,
          Alert::getCardId,
          OutputOptions::getAlertsTopic,
          WriteToCassandra::alerts);
  public static final Kind<DeadLetter> DEAD_LETTERS =
      new Kind<>(
          "deadletter",
          JsonFormat::deadLetter,
          KafkaSettings::deadLetterKey,
          OutputOptions::getDeadLetterTopic,
          null);
  public static final Kind<MerchantWindow> MERCHANT_WINDOWS =
      new Kind<>(
          "merchant_windows",
          JsonFormat::merchantWindow,
          MerchantWindow::getMerchantId,
          OutputOptions::getMerchantWindowsTopic,
          WriteToCassandra::merchantWindows);
  public static final Kind<CardSession> CARD_SESSIONS =
      new Kind<>(
          "card_sessions",
          JsonFormat::cardSession,
          CardSession::getCardId,
          OutputOptions::getCardSessionsTopic,
          WriteToCassandra::cardSessions);

  /** Every record kind the fraud pipeline writes. */
  public static final List<Kind<?>> KINDS =
      List.of(SCORED, ALERTS, DEAD_LETTERS, MERCHANT_WINDOWS, CARD_SESSIONS);

  /** The sinks of one kind: a directory, a topic, Cassandra; each null/false when not written. */
  record Route(String directory, String topic, boolean cassandra) {
    boolean isEmpty() {
      return directory == null && topic == null && !cassandra;
    }

    @Override
    public String toString() {
      List<String> sinks = new ArrayList<>();
      if (directory != null) {
        sinks.add("files " + directory);
      }
      if (topic != null) {
        sinks.add("Kafka topic " + topic);
      }
      if (cassandra) {
        sinks.add("Cassandra");
      }
      return sinks.isEmpty() ? "not written" : String.join(", ", sinks);
    }
  }

  private final FraudDetectionOptions options;
  private final Map<Kind<?>, Route> routes;

  private Outputs(FraudDetectionOptions options, Map<Kind<?>, Route> routes) {
    this.options = options;
    this.routes = routes;
  }

  /** Routes every kind from {@code --outputs}, {@code --outputDir}, the topics and Cassandra. */
  public static Outputs from(FraudDetectionOptions o) {
    boolean files = o.getOutputs() != OutputOptions.Destinations.KAFKA;
    boolean kafka = o.getOutputs() != OutputOptions.Destinations.FILES;
    boolean cassandra = !CassandraSettings.hosts(o).isEmpty();
    Map<Kind<?>, Route> routes = new LinkedHashMap<>();
    for (Kind<?> kind : KINDS) {
      String topic = kind.topic().apply(o);
      routes.put(
          kind,
          new Route(
              files ? directory(o.getOutputDir(), kind.name()) : null,
              kafka && topic != null && !topic.isBlank() ? topic : null,
              cassandra && kind.cassandra() != null));
    }
    return new Outputs(o, routes);
  }

  private static String directory(String base, String name) {
    return base.endsWith("/") ? base + name : base + "/" + name;
  }

  /** The sinks of {@code kind}. */
  Route route(Kind<?> kind) {
    return routes.get(kind);
  }

  /** True when any of {@code kinds} is written anywhere. */
  public boolean writesAny(Kind<?>... kinds) {
    return Arrays.stream(kinds).anyMatch(k -> !routes.get(k).isEmpty());
  }

  /** True when any kind goes to files or Cassandra, sinks that wait for their writes. */
  public boolean writesFilesOrCassandra() {
    return routes.values().stream().anyMatch(r -> r.directory() != null || r.cassandra());
  }

  /** One line per kind: where it goes (for the start-up log). */
  public String describe() {
    StringBuilder b = new StringBuilder();
    routes.forEach((kind, route) -> b.append(String.format("%n  %-17s -> %s", kind.name(), route)));
    return b.toString();
  }

  /** Writes {@code records} of {@code kind} to each of its sinks (nothing when it has none). */
  public <T> void write(Kind<T> kind, PCollection<T> records) {
    Route route = routes.get(kind);
    if (!route.isEmpty()) {
      records.apply(kind.stepName(), new WriteKind<>(kind, route, options));
    }
  }

  /** Counts one kind's records once and writes them to each of its sinks. */
  private static final class WriteKind<T> extends PTransform<PCollection<T>, PDone> {
    private final transient Kind<T> kind;
    private final transient Route route;
    private final transient FraudDetectionOptions o;

    WriteKind(Kind<T> kind, Route route, FraudDetectionOptions o) {
      this.kind = kind;
      this.route = route;
      this.o = o;
    }

    @Override
    public PDone expand(PCollection<T> input) {
      PCollection<T> counted = input.apply("Count", ParDo.of(new CountFn<T>(kind.name())));
      if (route.directory() != null) {
        counted.apply(
            "ToFiles", WriteJsonRecords.of(kind.name(), kind.json()).to(o.getOutputDir()));
      }
      if (route.topic() != null) {
        counted.apply(
            "ToKafka", KafkaSettings.write(o, route.topic(), kind.json(), kind.kafkaKey()));
      }
      if (route.cassandra()) {
        counted.apply("ToCassandra", CassandraSettings.configure(kind.cassandra().get(), o));
      }
      return PDone.in(input.getPipeline());
    }
  }

  /** Counts records in {@code vigil.outputs/<kind>} and passes them on unchanged. */
  private static final class CountFn<T> extends DoFn<T, T> {
    private final Counter count;

    CountFn(String name) {
      this.count = Metrics.counter(METRICS_NAMESPACE, name);
    }

    @ProcessElement
    public void process(@Element T record, OutputReceiver<T> out) {
      count.inc();
      out.output(record);
    }
  }
}
