package dev.vigil.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An analyst's (or any operator's) action on a card: {@link Kind#BLOCK} makes the pipeline decide
 * {@code BLOCK} with reason {@value #BLOCKED_REASON} for the card's later transactions, {@link
 * Kind#UNBLOCK} ends that. Of several actions on one card the one with the latest {@code at} wins.
 * Produced by {@code ParseCardActions}; the console writes them to the {@code card-actions} topic.
 */
@DefaultCoder(CardActionCoder.class)
@AutoValue
public abstract class CardAction implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The reason a transaction of a blocked card carries, first in its reasons. */
  public static final String BLOCKED_REASON = "card_blocked";

  /** What the action does to the card. */
  public enum Kind {
    BLOCK,
    UNBLOCK
  }

  public abstract String getCardId();

  public abstract Kind getKind();

  /** When the action was taken, epoch milliseconds (UTC). */
  public abstract long getAtMillis();

  /** Who took it; null when not given. */
  public abstract @Nullable String getAnalyst();

  /** Why (free text); null when not given. */
  public abstract @Nullable String getNote();

  public final boolean isBlock() {
    return getKind() == Kind.BLOCK;
  }

  /**
   * Whether this action wins over {@code other} on the same card: the later {@code at}; at the same
   * instant a block wins over an unblock (the safer of the two).
   */
  public final boolean supersedes(CardAction other) {
    if (getAtMillis() != other.getAtMillis()) {
      return getAtMillis() > other.getAtMillis();
    }
    return isBlock() || !other.isBlock();
  }

  public static CardAction of(
      String cardId, Kind kind, long atMillis, @Nullable String analyst, @Nullable String note) {
    return new AutoValue_CardAction(cardId, kind, atMillis, analyst, note);
  }
}
