package dev.vigil.transforms.io.cassandra;

import com.datastax.driver.mapping.annotations.Column;
import com.datastax.driver.mapping.annotations.PartitionKey;
import com.datastax.driver.mapping.annotations.Table;
import dev.vigil.model.DecidedTransaction;
import dev.vigil.model.Transaction;
import java.io.Serializable;
import java.util.Date;
import java.util.Map;

/** A row of {@code scored_transactions}, keyed by {@code transaction_id}. */
@Table(name = "scored_transactions")
public class ScoredRow implements Serializable {
  private static final long serialVersionUID = 1L;

  @PartitionKey
  @Column(name = "transaction_id")
  private String transactionId;

  @Column(name = "card_id")
  private String cardId;

  @Column(name = "merchant_id")
  private String merchantId;

  private double amount;

  @Column(name = "event_time")
  private Date eventTime;

  private Map<String, Double> features;
  private double score;
  private String decision;

  @Column(name = "model_version")
  private long modelVersion;

  private boolean late;

  public ScoredRow() {}

  static ScoredRow of(DecidedTransaction d) {
    Transaction t = d.getTransaction();
    ScoredRow r = new ScoredRow();
    r.transactionId = t.getTransactionId();
    r.cardId = t.getCardId();
    r.merchantId = t.getMerchantId();
    r.amount = t.getAmount();
    r.eventTime = new Date(t.getEventTimeMillis());
    r.features = d.getScored().getFeatured().asMap();
    r.score = d.getScore();
    r.decision = d.getDecision().name();
    r.modelVersion = d.getScored().getModelVersion();
    r.late = d.getScored().getFeatured().isLate();
    return r;
  }

  public String getTransactionId() {
    return transactionId;
  }

  public void setTransactionId(String v) {
    transactionId = v;
  }

  public String getCardId() {
    return cardId;
  }

  public void setCardId(String v) {
    cardId = v;
  }

  public String getMerchantId() {
    return merchantId;
  }

  public void setMerchantId(String v) {
    merchantId = v;
  }

  public double getAmount() {
    return amount;
  }

  public void setAmount(double v) {
    amount = v;
  }

  public Date getEventTime() {
    return eventTime;
  }

  public void setEventTime(Date v) {
    eventTime = v;
  }

  public Map<String, Double> getFeatures() {
    return features;
  }

  public void setFeatures(Map<String, Double> v) {
    features = v;
  }

  public double getScore() {
    return score;
  }

  public void setScore(double v) {
    score = v;
  }

  public String getDecision() {
    return decision;
  }

  public void setDecision(String v) {
    decision = v;
  }

  public long getModelVersion() {
    return modelVersion;
  }

  public void setModelVersion(long v) {
    modelVersion = v;
  }

  public boolean isLate() {
    return late;
  }

  public void setLate(boolean v) {
    late = v;
  }
}
