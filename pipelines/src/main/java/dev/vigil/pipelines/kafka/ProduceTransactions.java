package dev.vigil.pipelines.kafka;

import dev.vigil.pipelines.KafkaSettings;
import dev.vigil.pipelines.OptionsHelp;
import dev.vigil.pipelines.generate.TransactionGenerator;
import dev.vigil.transforms.parse.TransactionJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code ./vigil produce}: writes the labelled generator's stream (event times ending now) or a
 * JSON Lines file into a Kafka topic, keyed by {@code card_id} (so each card stays in order), at a
 * chosen rate, printing progress every few seconds.
 */
public final class ProduceTransactions {
  /** Options of the producer. */
  @Description("Producer options")
  public interface Options extends PipelineOptions {
    @Description("Kafka bootstrap servers.")
    @Default.String("127.0.0.1:9092")
    String getBootstrapServers();

    void setBootstrapServers(String value);

    @Description(
        "Kafka client properties file, e.g. .work/kafka-secure/secure/client.properties for the"
            + " secure local broker (./vigil up --secure).")
    String getKafkaPropertiesFile();

    void setKafkaPropertiesFile(String value);

    @Description("Topic to write to.")
    @Default.String("transactions")
    String getTopic();

    void setTopic(String value);

    @Description("JSON Lines file to send; when absent, the generator's stream is sent.")
    String getInput();

    void setInput(String value);

    @Description("Generated transactions (without --input).")
    @Default.Integer(10_000)
    int getTransactions();

    void setTransactions(int value);

    @Description("Generated cards (without --input).")
    @Default.Integer(500)
    int getCards();

    void setCards(int value);

    @Description("Generator seed.")
    @Default.Long(42)
    long getSeed();

    void setSeed(long value);

    @Description("Probability of a malformed record before each valid one (generator only).")
    @Default.Double(0.01)
    double getMalformedRate();

    void setMalformedRate(double value);

    @Description("Records per second (0: as fast as possible).")
    @Default.Integer(1_000)
    int getRate();

    void setRate(int value);
  }

  private ProduceTransactions() {}

  public static void main(String[] args) throws Exception {
    if (OptionsHelp.printIfAsked(args, "./vigil produce", Options.class)) {
      return;
    }
    PipelineOptionsFactory.register(Options.class);
    Options o = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    List<String> lines =
        o.getInput() != null
            ? Files.readAllLines(Path.of(o.getInput()))
            : TransactionGenerator.builder()
                .seed(o.getSeed())
                .transactions(o.getTransactions())
                .cards(o.getCards())
                .days(1)
                .start(Instant.now().minusSeconds(86_400))
                .malformedRate(o.getMalformedRate())
                .build()
                .lines();
    Properties p = new Properties();
    p.putAll(KafkaSettings.properties(o.getKafkaPropertiesFile(), null));
    p.put("bootstrap.servers", o.getBootstrapServers());
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    p.put("linger.ms", "5");
    long start = System.nanoTime();
    long lastReport = start;
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        String card = TransactionJson.peekCardId(line);
        producer.send(new ProducerRecord<>(o.getTopic(), card == null ? "malformed" : card, line));
        if (o.getRate() > 0) {
          long due = start + (long) ((i + 1) * 1e9 / o.getRate());
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
        long now = System.nanoTime();
        if (now - lastReport > 5_000_000_000L) {
          lastReport = now;
          System.out.printf(
              "[produce] %,d / %,d records (%.0f/s)%n",
              i + 1, lines.size(), (i + 1) / ((now - start) / 1e9));
        }
      }
      producer.flush();
    }
    System.out.printf(
        "[produce] sent %,d records to %s in %.1f s%n",
        lines.size(), o.getTopic(), (System.nanoTime() - start) / 1e9);
  }
}
