package dev.vigil.transforms.parse;

import dev.vigil.model.CardAction;
import dev.vigil.model.CardActionCoder;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.RawRecord;
import dev.vigil.transforms.WithDeadLetters;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/**
 * Parses JSON card action records ({@link CardActionJson}). Valid records become {@link
 * CardAction}s timestamped with their {@code at}; every rejected record becomes a {@link
 * DeadLetter} with stage {@value #STAGE}, the raw payload, the reason and the record's source.
 *
 * <pre>{@code
 * WithDeadLetters<CardAction> actions = raw.apply("ParseCardActions", ParseCardActions.create());
 * }</pre>
 *
 * <p>Metrics (namespace {@code vigil.card_actions}): {@code records_in}, {@code parsed}, {@code
 * dead_letters}.
 */
public final class ParseCardActions
    extends PTransform<PCollection<RawRecord>, WithDeadLetters<CardAction>> {
  public static final String STAGE = "card_actions";
  public static final String METRICS_NAMESPACE = "vigil.card_actions";

  private static final RecordParser.Factory<CardAction> PARSER =
      () -> {
        CardActionJson json = new CardActionJson(TransactionJson.DEFAULT_MAX_RECORD_BYTES);
        return new RecordParser<>() {
          @Override
          public CardAction parse(String payload, Instant arrival) throws InvalidRecordException {
            return json.parse(payload);
          }

          @Override
          public long timeMillis(CardAction a) {
            return a.getAtMillis();
          }
        };
      };

  private ParseCardActions() {}

  public static ParseCardActions create() {
    return new ParseCardActions();
  }

  @Override
  public WithDeadLetters<CardAction> expand(PCollection<RawRecord> input) {
    return input.apply(
        "ParseAndValidateCardActions",
        ParseRecords.of(STAGE, PARSER, CardActionCoder.of())
            .withMetricsNamespace(METRICS_NAMESPACE));
  }
}
