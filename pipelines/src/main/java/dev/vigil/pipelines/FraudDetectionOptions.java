package dev.vigil.pipelines;

import dev.vigil.transforms.features.TrailingCardFeatures;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Options of the fraud-detection pipeline ({@code ./vigil run --help} lists them all). */
public interface FraudDetectionOptions extends PipelineOptions {
  @Description("Input JSON Lines file or glob of transactions (one JSON object per line).")
  String getInputFile();

  void setInputFile(String value);

  @Description("Directory under which each output is written as JSON Lines: scored/, alerts/, "
      + "deadletter/, merchant_windows/, card_sessions/.")
  @Default.String("vigil-output")
  String getOutputDir();

  void setOutputDir(String value);

  @Description("Records larger than this many bytes are dead-lettered as oversize.")
  @Default.Integer(16384)
  int getMaxRecordBytes();

  void setMaxRecordBytes(int value);

  @Description("How per-card feature state is kept: AUTO (SORTED for bounded input, STATEFUL for "
      + "streams), SORTED or STATEFUL.")
  @Default.Enum("AUTO")
  TrailingCardFeatures.Mode getFeatureMode();

  void setFeatureMode(TrailingCardFeatures.Mode value);

  @Description("Size of the sliding merchant windows, in minutes.")
  @Default.Integer(10)
  int getMerchantWindowMinutes();

  void setMerchantWindowMinutes(int value);

  @Description("Period of the sliding merchant windows, in minutes.")
  @Default.Integer(1)
  int getMerchantWindowEveryMinutes();

  void setMerchantWindowEveryMinutes(int value);

  @Description("Inactivity gap that closes a card session, in minutes.")
  @Default.Integer(30)
  int getSessionGapMinutes();

  void setSessionGapMinutes(int value);

  @Description("How long windows and sessions accept late data after the watermark, in minutes.")
  @Default.Integer(10)
  int getAllowedLatenessMinutes();

  void setAllowedLatenessMinutes(int value);
}
