package org.huxin.engine.followup;

import java.time.Instant;
import java.util.Objects;

/**
 * One ledger row: who ({@code actorId}, {@code actorName}) did what about a student and when, with
 * the decrypted note (null if none). {@code caseId} is null for an action on a student with no open
 * case; {@code windowId} is null when the action names no window.
 */
public record LedgerEntry(
    long id,
    Long caseId,
    long studentId,
    Long windowId,
    FollowupAction action,
    long actorId,
    String actorName,
    Instant at,
    String note) {

  public LedgerEntry {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(actorName, "actorName");
    Objects.requireNonNull(at, "at");
  }
}
