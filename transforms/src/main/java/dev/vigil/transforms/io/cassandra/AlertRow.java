package dev.vigil.transforms.io.cassandra;

import com.datastax.driver.mapping.annotations.Column;
import com.datastax.driver.mapping.annotations.PartitionKey;
import com.datastax.driver.mapping.annotations.Table;
import dev.vigil.model.Alert;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/** A row of {@code alerts}, keyed by {@code alert_id}. */
@Table(name = "alerts")
public class AlertRow implements Serializable {
  private static final long serialVersionUID = 1L;

  @PartitionKey
  @Column(name = "alert_id")
  private String alertId;

  @Column(name = "transaction_id")
  private String transactionId;

  @Column(name = "card_id")
  private String cardId;

  private double score;
  private String decision;
  private List<String> reasons;

  @Column(name = "model_version")
  private long modelVersion;

  @Column(name = "event_time")
  private Date eventTime;

  public AlertRow() {}

  static AlertRow of(Alert a) {
    AlertRow r = new AlertRow();
    r.alertId = a.getAlertId();
    r.transactionId = a.getTransactionId();
    r.cardId = a.getCardId();
    r.score = a.getScore();
    r.decision = a.getDecision().name();
    r.reasons = new ArrayList<>(a.getReasons());
    r.modelVersion = a.getModelVersion();
    r.eventTime = new Date(a.getEventTimeMillis());
    return r;
  }

  public String getAlertId() {
    return alertId;
  }

  public void setAlertId(String v) {
    alertId = v;
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

  public List<String> getReasons() {
    return reasons;
  }

  public void setReasons(List<String> v) {
    reasons = v;
  }

  public long getModelVersion() {
    return modelVersion;
  }

  public void setModelVersion(long v) {
    modelVersion = v;
  }

  public Date getEventTime() {
    return eventTime;
  }

  public void setEventTime(Date v) {
    eventTime = v;
  }
}
