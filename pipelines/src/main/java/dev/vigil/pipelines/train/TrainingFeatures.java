package dev.vigil.pipelines.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.FeatureSet;
import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.IsoInstants;
import dev.vigil.model.Label;
import dev.vigil.model.RawRecord;
import dev.vigil.model.Transaction;
import dev.vigil.transforms.WithDeadLetters;
import dev.vigil.transforms.features.MerchantFeatures;
import dev.vigil.transforms.features.TrailingCardFeatures;
import dev.vigil.transforms.io.JsonFormat;
import dev.vigil.transforms.io.ReadJsonLines;
import dev.vigil.transforms.io.WriteJsonRecords;
import dev.vigil.transforms.parse.ParseLabels;
import dev.vigil.transforms.parse.ParseTransactions;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * The batch pass of training: the same {@link ParseTransactions}, {@link TrailingCardFeatures} and,
 * for v2, {@link MerchantFeatures} (fed the history's own labels, each known from its {@code
 * labelled_at}) as the scoring pipeline (sorted, exact) over a labelled history, each featured
 * transaction joined with its history line's {@code label} and {@code scenario}, written as a
 * compact binary {@link RowFile} under {@code <outputDir>/rows/}; rejects (including history lines
 * without a label) go to {@code <outputDir>/deadletter/}. Training and serving therefore compute
 * features with the same code, and no row is held on the heap as JSON.
 */
public final class TrainingFeatures {
  /** Metric namespace of the feature pass ({@code rows_written}, {@code unlabelled}). */
  public static final String METRICS_NAMESPACE = "vigil.train";

  static final String STAGE = "train";
  private static final TupleTag<TrainingRow> ROWS = new TupleTag<>() {};
  private static final TupleTag<DeadLetter> DEAD = new TupleTag<>() {};

  private TrainingFeatures() {}

  /** The v1 feature pass (no labels needed as an input). */
  public static void build(Pipeline pipeline, String history, String outputDir) {
    build(pipeline, history, outputDir, FeatureSet.V1, 7);
  }

  /**
   * The feature pass for {@code set}. For v2 every labelled history line is also a label record for
   * the merchant risk features: known at its {@code labelled_at} if the line has one, else {@code
   * labelDelayDays} after the transaction.
   */
  public static void build(
      Pipeline pipeline, String history, String outputDir, FeatureSet set, int labelDelayDays) {
    PCollection<RawRecord> raw = pipeline.apply("ReadHistory", ReadJsonLines.from(history));
    WithDeadLetters<Transaction> parsed =
        raw.apply("ParseTransactions", ParseTransactions.create());
    WithDeadLetters<FeaturedTransaction> cardFeatured =
        parsed.apply(
            "TrailingCardFeatures",
            TrailingCardFeatures.create()
                .withMode(TrailingCardFeatures.Mode.SORTED)
                .withFeatureSet(set));
    PCollection<FeaturedTransaction> featuredOut = cardFeatured.output();
    PCollectionList<DeadLetter> labelDead = PCollectionList.empty(pipeline);
    if (set == FeatureSet.V2) {
      WithDeadLetters<Label> labels =
          raw.apply(
                  "HistoryLabelRecords",
                  ParDo.of(new HistoryLabelRecordFn(labelDelayDays * 86_400_000L)))
              .apply("ParseLabels", ParseLabels.create());
      labelDead = labelDead.and(labels.deadLetters());
      featuredOut =
          featuredOut.apply(
              "MerchantFeatures",
              MerchantFeatures.create()
                  .withMode(TrailingCardFeatures.Mode.SORTED)
                  .withLabels(labels.output()));
    }

    TupleTag<FeaturedTransaction> featuresTag = new TupleTag<>();
    TupleTag<HistoryLabel> labelsTag = new TupleTag<>();
    // Joined per card, not per transaction: a few thousand keys instead of millions (the
    // DirectRunner pays per key), and one card's history is small enough to join in memory.
    PCollection<KV<String, FeaturedTransaction>> byCard =
        featuredOut.apply("KeyFeaturesByCard", ParDo.of(new KeyByCardFn()));
    PCollection<KV<String, HistoryLabel>> labels =
        raw.apply("ReadLabels", ParDo.of(new LabelLineFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), HistoryLabel.Coder.INSTANCE));
    PCollectionTuple joined =
        KeyedPCollectionTuple.of(featuresTag, byCard)
            .and(labelsTag, labels)
            .apply("JoinLabels", CoGroupByKey.create())
            .apply(
                "ToTrainingRows",
                ParDo.of(new ToRowFn(featuresTag, labelsTag))
                    .withOutputTags(ROWS, TupleTagList.of(DEAD)));
    joined
        .get(ROWS)
        .setCoder(TrainingRow.Coder.INSTANCE)
        .apply(
            "WriteRows",
            FileIO.<TrainingRow>write()
                .via(new RowFile.Sink(set.names()))
                .to(outputDir + "/rows")
                .withPrefix("rows")
                .withSuffix(RowFile.SUFFIX));
    PCollectionList.of(parsed.deadLetters())
        .and(cardFeatured.deadLetters())
        .and(labelDead.getAll())
        .and(joined.get(DEAD))
        .apply("AllDeadLetters", Flatten.pCollections())
        .apply(
            "WriteDeadLetters",
            WriteJsonRecords.of("deadletter", JsonFormat::deadLetter).to(outputDir));
  }

  private static final class KeyByCardFn
      extends DoFn<FeaturedTransaction, KV<String, FeaturedTransaction>> {
    @ProcessElement
    public void process(
        @Element FeaturedTransaction f, OutputReceiver<KV<String, FeaturedTransaction>> out) {
      out.output(KV.of(f.getTransaction().getCardId(), f));
    }
  }

  /** A history line's {@code card_id} and what it says about its transaction. */
  private static final class LabelLineFn extends DoFn<RawRecord, KV<String, HistoryLabel>> {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ProcessElement
    public void process(@Element RawRecord r, OutputReceiver<KV<String, HistoryLabel>> out) {
      try {
        JsonNode n = MAPPER.readTree(r.getPayload());
        if (n != null
            && n.isObject()
            && n.hasNonNull("transaction_id")
            && n.hasNonNull("card_id")) {
          out.output(KV.of(n.get("card_id").asText(), label(n, r.getPayload())));
        }
      } catch (IOException malformed) {
        // ParseTransactions dead-letters the line; nothing to join.
      }
    }

    private static HistoryLabel label(JsonNode n, String raw) {
      JsonNode label = n.get("label");
      boolean ok =
          label != null && label.canConvertToInt() && (label.asInt() == 0 || label.asInt() == 1);
      return new HistoryLabel(
          n.get("transaction_id").asText(),
          ok ? label.asInt() : HistoryLabel.UNLABELLED,
          n.path("scenario").asText("UNKNOWN"),
          ok ? null : raw);
    }
  }

  /**
   * A labelled history line as a label record ({@code labels} JSON): the line's own {@code
   * labelled_at} if it has one, else its event time plus the label delay. Lines without a label 0
   * or 1, or not JSON, make none (the transaction side reports them).
   */
  private static final class HistoryLabelRecordFn extends DoFn<RawRecord, RawRecord> {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final long delayMillis;

    HistoryLabelRecordFn(long delayMillis) {
      this.delayMillis = delayMillis;
    }

    @ProcessElement
    public void process(@Element RawRecord r, OutputReceiver<RawRecord> out) {
      JsonNode n;
      try {
        n = MAPPER.readTree(r.getPayload());
      } catch (IOException malformed) {
        return;
      }
      if (n == null || !n.isObject() || !n.path("label").canConvertToInt()) {
        return;
      }
      int label = n.get("label").asInt();
      if (label != 0 && label != 1) {
        return;
      }
      ObjectNode record = MAPPER.createObjectNode();
      record.set("transaction_id", n.get("transaction_id"));
      record.set("card_id", n.get("card_id"));
      record.set("merchant_id", n.get("merchant_id"));
      record.put("label", label);
      record.set("event_time", n.get("event_time"));
      if (n.hasNonNull("labelled_at")) {
        record.set("labelled_at", n.get("labelled_at"));
      } else {
        Long t = eventTime(n.get("event_time"));
        if (t == null) {
          return; // a bad event_time: the transaction is dead-lettered with its reason
        }
        record.put("labelled_at", t + delayMillis);
      }
      record.put("source", "history");
      out.output(RawRecord.of(record.toString(), r.getSource()));
    }

    private static Long eventTime(JsonNode t) {
      if (t == null) {
        return null;
      }
      if (t.isIntegralNumber()) {
        return t.asLong();
      }
      try {
        return IsoInstants.parseMillis(t.asText());
      } catch (RuntimeException e) {
        return null;
      }
    }
  }

  private static final class ToRowFn extends DoFn<KV<String, CoGbkResult>, TrainingRow> {
    private final TupleTag<FeaturedTransaction> featuresTag;
    private final TupleTag<HistoryLabel> labelsTag;
    private final Counter written = Metrics.counter(METRICS_NAMESPACE, "rows_written");
    private final Counter unlabelled = Metrics.counter(METRICS_NAMESPACE, "unlabelled");

    ToRowFn(TupleTag<FeaturedTransaction> featuresTag, TupleTag<HistoryLabel> labelsTag) {
      this.featuresTag = featuresTag;
      this.labelsTag = labelsTag;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> e, MultiOutputReceiver out) {
      // The first line of a repeated transaction id wins.
      Map<String, HistoryLabel> byTransaction = new HashMap<>();
      for (HistoryLabel l : e.getValue().getAll(labelsTag)) {
        byTransaction.putIfAbsent(l.transactionId(), l);
      }
      for (FeaturedTransaction f : e.getValue().getAll(featuresTag)) {
        Transaction t = f.getTransaction();
        HistoryLabel label = byTransaction.get(t.getTransactionId());
        if (label == null || !label.labelled()) {
          unlabelled.inc();
          out.get(DEAD)
              .output(
                  DeadLetter.create(
                      label == null ? t.getTransactionId() : label.raw(),
                      "history line has no label 0 or 1 (transaction " + t.getTransactionId() + ")",
                      STAGE,
                      "history",
                      System.currentTimeMillis()));
          continue;
        }
        written.inc();
        double[] values = f.values();
        float[] x = new float[values.length];
        for (int i = 0; i < values.length; i++) {
          x[i] = (float) values[i];
        }
        out.get(ROWS)
            .output(
                new TrainingRow(
                    TrainingRow.hash(t.getTransactionId()),
                    t.getEventTimeMillis(),
                    t.getCardId().hashCode(),
                    label.label(),
                    label.scenario(),
                    x));
      }
    }
  }
}
