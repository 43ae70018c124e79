package dev.vigil.transforms.io.cassandra;

import com.datastax.driver.mapping.annotations.ClusteringColumn;
import com.datastax.driver.mapping.annotations.Column;
import com.datastax.driver.mapping.annotations.PartitionKey;
import com.datastax.driver.mapping.annotations.Table;
import dev.vigil.model.CardSession;
import java.io.Serializable;
import java.util.Date;

/** A row of {@code card_sessions}, keyed by {@code (card_id, session_start)}. */
@Table(name = "card_sessions")
public class CardSessionRow implements Serializable {
  private static final long serialVersionUID = 1L;

  @PartitionKey
  @Column(name = "card_id")
  private String cardId;

  @ClusteringColumn
  @Column(name = "session_start")
  private Date sessionStart;

  @Column(name = "session_end")
  private Date sessionEnd;

  @Column(name = "txn_count")
  private long txnCount;

  @Column(name = "amount_sum")
  private double amountSum;

  @Column(name = "max_score")
  private double maxScore;

  @Column(name = "pane_timing")
  private String paneTiming;

  public CardSessionRow() {}

  static CardSessionRow of(CardSession s) {
    CardSessionRow r = new CardSessionRow();
    r.cardId = s.getCardId();
    r.sessionStart = new Date(s.getSessionStartMillis());
    r.sessionEnd = new Date(s.getSessionEndMillis());
    r.txnCount = s.getTxnCount();
    r.amountSum = s.getAmountSum();
    r.maxScore = s.getMaxScore();
    r.paneTiming = s.getPaneTiming();
    return r;
  }

  public String getCardId() {
    return cardId;
  }

  public void setCardId(String v) {
    cardId = v;
  }

  public Date getSessionStart() {
    return sessionStart;
  }

  public void setSessionStart(Date v) {
    sessionStart = v;
  }

  public Date getSessionEnd() {
    return sessionEnd;
  }

  public void setSessionEnd(Date v) {
    sessionEnd = v;
  }

  public long getTxnCount() {
    return txnCount;
  }

  public void setTxnCount(long v) {
    txnCount = v;
  }

  public double getAmountSum() {
    return amountSum;
  }

  public void setAmountSum(double v) {
    amountSum = v;
  }

  public double getMaxScore() {
    return maxScore;
  }

  public void setMaxScore(double v) {
    maxScore = v;
  }

  public String getPaneTiming() {
    return paneTiming;
  }

  public void setPaneTiming(String v) {
    paneTiming = v;
  }
}
