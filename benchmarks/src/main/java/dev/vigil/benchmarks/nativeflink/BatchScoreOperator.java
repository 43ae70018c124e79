package dev.vigil.benchmarks.nativeflink;

import dev.vigil.model.CardFeatures;
import dev.vigil.model.DecidedTransaction;
import dev.vigil.model.FeaturedTransaction;
import dev.vigil.model.ScoredTransaction;
import dev.vigil.modelloader.ModelConfig;
import dev.vigil.modelloader.ModelLease;
import dev.vigil.modelloader.ScoringModel;
import dev.vigil.modelloader.SharedModel;
import dev.vigil.modelloader.SharedModels;
import dev.vigil.transforms.decide.Decide;
import dev.vigil.transforms.inference.BatchScorer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Buffers featured transactions per subtask and scores them with the shared SavedModel in one call
 * per batch (full, or {@code maxWaitMillis} after the first element, or before a checkpoint
 * barrier), then applies the decision thresholds: what a hand-written Flink job would do.
 */
final class BatchScoreOperator extends AbstractStreamOperator<DecidedTransaction>
    implements OneInputStreamOperator<FeaturedTransaction, DecidedTransaction>,
        ProcessingTimeCallback {
  private final String modelDir;
  private final int maxBatchSize;
  private final long maxWaitMillis;
  private final double reviewThreshold;
  private final Decide policy;
  private transient SharedModel<ScoringModel> model;
  private transient BatchScorer scorer;
  private transient List<FeaturedTransaction> buffer;
  private transient List<Long> timestamps;
  private transient boolean timerSet;

  BatchScoreOperator(
      String modelDir, int maxBatchSize, long maxWaitMillis, double review, double block) {
    this.modelDir = modelDir;
    this.maxBatchSize = maxBatchSize;
    this.maxWaitMillis = maxWaitMillis;
    this.reviewThreshold = review;
    this.policy = Decide.withThresholds(review, block);
  }

  @Override
  public void open() throws Exception {
    super.open();
    model = SharedModels.acquire(ModelConfig.of(modelDir, CardFeatures.NAMES).withPollMillis(-1));
    scorer = new BatchScorer(reviewThreshold);
    buffer = new ArrayList<>(maxBatchSize);
    timestamps = new ArrayList<>(maxBatchSize);
  }

  @Override
  public void processElement(StreamRecord<FeaturedTransaction> element) throws Exception {
    buffer.add(element.getValue());
    timestamps.add(element.getTimestamp());
    if (buffer.size() >= maxBatchSize) {
      flush();
    } else if (!timerSet) {
      timerSet = true;
      long now = getProcessingTimeService().getCurrentProcessingTime();
      getProcessingTimeService().registerTimer(now + maxWaitMillis, this);
    }
  }

  @Override
  public void onProcessingTime(long time) {
    timerSet = false;
    flush();
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) {
    flush();
  }

  @Override
  public void finish() throws Exception {
    flush();
    super.finish();
  }

  private void flush() {
    if (buffer.isEmpty()) {
      return;
    }
    List<ScoredTransaction> scored;
    try (ModelLease<ScoringModel> lease = model.lease()) {
      scored = scorer.score(lease.model(), buffer);
    }
    for (int i = 0; i < scored.size(); i++) {
      ScoredTransaction s = scored.get(i);
      output.collect(
          new StreamRecord<>(
              DecidedTransaction.of(s, policy.decide(s.getScore())), timestamps.get(i)));
    }
    buffer.clear();
    timestamps.clear();
  }

  @Override
  public void close() throws Exception {
    if (model != null) {
      model.close();
    }
    super.close();
  }
}
