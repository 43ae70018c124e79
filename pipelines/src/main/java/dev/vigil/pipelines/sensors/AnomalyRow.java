package dev.vigil.pipelines.sensors;

import com.datastax.driver.mapping.annotations.ClusteringColumn;
import com.datastax.driver.mapping.annotations.Column;
import com.datastax.driver.mapping.annotations.PartitionKey;
import com.datastax.driver.mapping.annotations.Table;
import java.io.Serializable;
import java.util.Date;

/** A row of {@code sensor_anomalies}, keyed by {@code (sensor_id, window_start)}. */
@Table(name = "sensor_anomalies")
public class AnomalyRow implements Serializable {
  private static final long serialVersionUID = 1L;

  @PartitionKey
  @Column(name = "sensor_id")
  private String sensorId;

  @ClusteringColumn
  @Column(name = "window_start")
  private Date windowStart;

  @Column(name = "window_end")
  private Date windowEnd;

  @Column(name = "anomaly_score")
  private double anomalyScore;

  @Column(name = "kind")
  private String kind;

  @Column(name = "reading_count")
  private long readingCount;

  @Column(name = "pane_timing")
  private String paneTiming;

  @Column(name = "model")
  private String model;

  public AnomalyRow() {}

  static AnomalyRow of(ScoredSensorWindow s) {
    AnomalyRow r = new AnomalyRow();
    r.sensorId = s.window().sensorId();
    r.windowStart = new Date(s.window().startMillis());
    r.windowEnd = new Date(s.window().endMillis());
    r.anomalyScore = s.score();
    r.kind = s.kind();
    r.readingCount = s.window().readingCount();
    r.paneTiming = s.window().paneTiming();
    r.model = s.modelId();
    return r;
  }

  public String getSensorId() {
    return sensorId;
  }

  public void setSensorId(String v) {
    sensorId = v;
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

  public double getAnomalyScore() {
    return anomalyScore;
  }

  public void setAnomalyScore(double v) {
    anomalyScore = v;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String v) {
    kind = v;
  }

  public long getReadingCount() {
    return readingCount;
  }

  public void setReadingCount(long v) {
    readingCount = v;
  }

  public String getPaneTiming() {
    return paneTiming;
  }

  public void setPaneTiming(String v) {
    paneTiming = v;
  }

  public String getModel() {
    return model;
  }

  public void setModel(String v) {
    model = v;
  }
}
