package dev.vigil.transforms.parse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.model.CardAction;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CardActionJsonTest {
  private final CardActionJson json = new CardActionJson(1024);

  @Test
  void readsABlockWithItsAnalystAndNote() throws InvalidRecordException {
    CardAction a =
        json.parse(
            "{\"card_id\":\"c-1\",\"action\":\"BLOCK\",\"at\":\"2026-12-07T10:00:00Z\","
                + "\"analyst\":\"alice\",\"note\":\"confirmed fraud\"}");
    assertThat(
        a,
        equalTo(
            CardAction.of(
                "c-1",
                CardAction.Kind.BLOCK,
                Instant.parse("2026-12-07T10:00:00Z").toEpochMilli(),
                "alice",
                "confirmed fraud")));
  }

  @Test
  void readsAnUnblockInAnyCaseWithEpochMillisAndNoAnalyst() throws InvalidRecordException {
    CardAction a = json.parse("{\"card_id\":\"c-1\",\"action\":\"unblock\",\"at\":1765101600000}");
    assertThat(
        a, equalTo(CardAction.of("c-1", CardAction.Kind.UNBLOCK, 1765101600000L, null, null)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"action\":\"BLOCK\",\"at\":1} | missing required field card_id",
        "{\"card_id\":\"\",\"action\":\"BLOCK\",\"at\":1} | card_id must not be empty",
        "{\"card_id\":\"c\",\"at\":1} | missing required field action",
        "{\"card_id\":\"c\",\"action\":\"FREEZE\",\"at\":1} | action must be BLOCK or UNBLOCK, got 'FREEZE'",
        "{\"card_id\":\"c\",\"action\":\"BLOCK\"} | missing required field at",
        "{\"card_id\":\"c\",\"action\":\"BLOCK\",\"at\":{}} | at must be a string or epoch milliseconds, got object",
        "{\"card_id\":7,\"action\":\"BLOCK\",\"at\":1} | card_id must be a string, got number",
        "[1] | not a JSON object: got ARRAY",
        "{\"card_id\": | not valid JSON",
      })
  void refusesWithTheRuleBroken(String payload, String reason) {
    InvalidRecordException e =
        assertThrows(InvalidRecordException.class, () -> json.parse(payload));
    assertThat(e.getMessage().startsWith(reason), equalTo(true));
  }
}
