package org.huxin.engine.followup;

import java.time.Instant;
import java.util.Objects;

/**
 * An action to append to the ledger. {@code windowId} picks the case of that window; when null the
 * student's most recently opened open case is advanced. {@code note} is optional plain text of at
 * most {@link #MAX_NOTE} characters, encrypted before it is stored.
 */
public record NewFollowup(
    long studentId, Long windowId, FollowupAction action, long actorId, String note, Instant at) {

  public static final int MAX_NOTE = 2000;

  public NewFollowup {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(at, "at");
    if (note != null && note.length() > MAX_NOTE) {
      throw new IllegalArgumentException(
          "a follow-up note has at most " + MAX_NOTE + " characters, got " + note.length());
    }
    if (note != null && note.isBlank()) {
      note = null;
    }
  }
}
