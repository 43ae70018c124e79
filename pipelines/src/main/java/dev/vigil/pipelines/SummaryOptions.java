package dev.vigil.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The windowed summaries: sliding merchant windows and card sessions. */
@Description("Summaries: merchant windows and card sessions")
public interface SummaryOptions extends PipelineOptions {
  @Description(
      "Compute the merchant windows and card sessions (written where the outputs say); "
          + "false scores and decides only.")
  @Default.Boolean(true)
  boolean getSummaries();

  void setSummaries(boolean value);

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
