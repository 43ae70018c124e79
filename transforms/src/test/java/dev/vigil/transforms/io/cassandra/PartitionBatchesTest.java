package dev.vigil.transforms.io.cassandra;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.model.CardSession;
import dev.vigil.model.MerchantWindow;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Rows held for a bundle: coalesced by primary key, grouped by partition. */
class PartitionBatchesTest {
  private static MerchantWindowRow window(String merchant, long start, long count) {
    return MerchantWindowRow.of(
        MerchantWindow.builder()
            .setMerchantId(merchant)
            .setWindowStartMillis(start)
            .setWindowEndMillis(start + 600_000)
            .setTxnCount(count)
            .setAmountSum(10.0 * count)
            .setAvgScore(0.1)
            .setAlertCount(0)
            .setPaneTiming("ON_TIME")
            .build());
  }

  private static PartitionBatches<MerchantWindowRow> batches(int maxGroupRows) {
    return new PartitionBatches<>(
        RowKeys.of(MerchantWindowRow.class), MerchantWindowRow::getTxnCount, maxGroupRows);
  }

  private static List<String> describe(List<List<MerchantWindowRow>> groups) {
    return groups.stream()
        .map(
            g ->
                g.stream()
                    .map(
                        r ->
                            r.getMerchantId()
                                + "@"
                                + r.getWindowStart().getTime()
                                + "#"
                                + r.getTxnCount())
                    .collect(Collectors.joining(" ")))
        .collect(Collectors.toList());
  }

  @Test
  void groupsRowsByPartitionInTheOrderPartitionsWereFirstSeen() {
    PartitionBatches<MerchantWindowRow> b = batches(100);
    b.add(window("m2", 0, 1));
    b.add(window("m1", 0, 1));
    b.add(window("m2", 60_000, 1));
    b.add(window("m1", 60_000, 2));
    assertThat(b.size(), equalTo(4));
    assertThat(describe(b.drain()), contains("m2@0#1 m2@60000#1", "m1@0#1 m1@60000#2"));
    assertThat(b.size(), equalTo(0));
    assertThat(b.drain(), empty());
  }

  @Test
  void keepsTheLatestPaneOfARowWhicheverArrivesFirst() {
    PartitionBatches<MerchantWindowRow> b = batches(100);
    b.add(window("m1", 0, 1));
    b.add(window("m1", 0, 3));
    b.add(window("m1", 0, 2)); // an earlier pane arriving late loses
    assertThat(b.size(), equalTo(1));
    assertThat(b.takeCoalesced(), equalTo(2L));
    assertThat(b.takeCoalesced(), equalTo(0L));
    assertThat(describe(b.drain()), contains("m1@0#3"));
  }

  @Test
  void withoutAPaneOrderTheLaterRowWins() {
    PartitionBatches<CardSessionRow> b =
        new PartitionBatches<>(RowKeys.of(CardSessionRow.class), null, 100);
    b.add(session("c1", 5.0));
    b.add(session("c1", 7.0));
    List<List<CardSessionRow>> groups = b.drain();
    assertThat(groups.size(), equalTo(1));
    assertThat(groups.get(0).get(0).getAmountSum(), equalTo(7.0));
  }

  @Test
  void splitsALargePartitionIntoGroupsOfAtMostTheLimit() {
    PartitionBatches<MerchantWindowRow> b = batches(2);
    for (int i = 0; i < 5; i++) {
      b.add(window("m1", i * 60_000L, 1));
    }
    assertThat(
        describe(b.drain()),
        contains("m1@0#1 m1@60000#1", "m1@120000#1 m1@180000#1", "m1@240000#1"));
  }

  @Test
  void keysComeFromTheMappingAnnotations() {
    RowKeys<MerchantWindowRow> keys = RowKeys.of(MerchantWindowRow.class);
    MerchantWindowRow r = window("m9", 120_000, 4);
    assertThat(keys.clustered(), equalTo(true));
    assertThat(keys.partitionKey(r), contains((Object) "m9"));
    assertThat(keys.primaryKey(r), contains("m9", r.getWindowStart()));
    assertThat(RowKeys.of(ScoredRow.class).clustered(), equalTo(false));
    assertThrows(IllegalArgumentException.class, () -> RowKeys.of(String.class));
    assertThrows(IllegalArgumentException.class, () -> batches(0));
  }

  private static CardSessionRow session(String card, double amount) {
    return CardSessionRow.of(
        CardSession.builder()
            .setCardId(card)
            .setSessionStartMillis(1_700_000_000_000L)
            .setSessionEndMillis(1_700_000_060_000L)
            .setTxnCount(1)
            .setAmountSum(amount)
            .setMaxScore(0.5)
            .setPaneTiming("ON_TIME")
            .build());
  }
}
