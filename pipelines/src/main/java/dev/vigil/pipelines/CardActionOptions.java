package dev.vigil.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where analysts' card blocks and unblocks come from ({@code EnforceCardActions}). */
@Description("Card actions: blocks and unblocks from analysts")
public interface CardActionOptions extends PipelineOptions {
  @Description(
      "Kafka topic of card action records (BLOCK or UNBLOCK a card_id, at a time; "
          + "docs/features.md), read from its start with --source=KAFKA unless --maxReadRecords "
          + "is set: every transaction of a blocked card read after the block is decided BLOCK "
          + "with reason card_blocked. The analyst console writes here; created compacted when "
          + "missing. Empty: card actions are not read.")
  @Default.String("card-actions")
  String getCardActionsTopic();

  void setCardActionsTopic(String value);

  @Description(
      "JSON Lines file of card action records. Bounded runs block in event time: a transaction "
          + "is blocked when its card's latest action at or before its event_time is a BLOCK. "
          + "Taken instead of --cardActionsTopic when given.")
  String getCardActionsFile();

  void setCardActionsFile(String value);
}
