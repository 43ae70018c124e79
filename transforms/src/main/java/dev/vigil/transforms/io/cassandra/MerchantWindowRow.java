package dev.vigil.transforms.io.cassandra;

import com.datastax.driver.mapping.annotations.ClusteringColumn;
import com.datastax.driver.mapping.annotations.Column;
import com.datastax.driver.mapping.annotations.PartitionKey;
import com.datastax.driver.mapping.annotations.Table;
import dev.vigil.model.MerchantWindow;
import java.io.Serializable;
import java.util.Date;

/** A row of {@code merchant_windows}, keyed by {@code (merchant_id, window_start)}. */
@Table(name = "merchant_windows")
public class MerchantWindowRow implements Serializable {
  private static final long serialVersionUID = 1L;

  @PartitionKey
  @Column(name = "merchant_id")
  private String merchantId;

  @ClusteringColumn
  @Column(name = "window_start")
  private Date windowStart;

  @Column(name = "window_end")
  private Date windowEnd;

  @Column(name = "txn_count")
  private long txnCount;

  @Column(name = "amount_sum")
  private double amountSum;

  @Column(name = "avg_score")
  private double avgScore;

  @Column(name = "alert_count")
  private long alertCount;

  @Column(name = "pane_timing")
  private String paneTiming;

  public MerchantWindowRow() {}

  static MerchantWindowRow of(MerchantWindow w) {
    MerchantWindowRow r = new MerchantWindowRow();
    r.merchantId = w.getMerchantId();
    r.windowStart = new Date(w.getWindowStartMillis());
    r.windowEnd = new Date(w.getWindowEndMillis());
    r.txnCount = w.getTxnCount();
    r.amountSum = w.getAmountSum();
    r.avgScore = w.getAvgScore();
    r.alertCount = w.getAlertCount();
    r.paneTiming = w.getPaneTiming();
    return r;
  }

  public String getMerchantId() {
    return merchantId;
  }

  public void setMerchantId(String v) {
    merchantId = v;
  }

  public Date getWindowStart() {
    return windowStart;
  }

  public void setWindowStart(Date v) {
    windowStart = v;
  }

  public Date getWindowEnd() {
    return windowEnd;
  }

  public void setWindowEnd(Date v) {
    windowEnd = v;
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

  public double getAvgScore() {
    return avgScore;
  }

  public void setAvgScore(double v) {
    avgScore = v;
  }

  public long getAlertCount() {
    return alertCount;
  }

  public void setAlertCount(long v) {
    alertCount = v;
  }

  public String getPaneTiming() {
    return paneTiming;
  }

  public void setPaneTiming(String v) {
    paneTiming = v;
  }
}
