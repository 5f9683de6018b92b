package org.huxin.engine.followup;

import java.time.Instant;
import java.util.Objects;

/**
 * One follow-up case: a student's tier-2 or tier-3 result in a window, open until someone records
 * {@link FollowupAction#CLOSED}. {@code level} is the highest tier seen while it was open; {@code
 * lastAction} and {@code lastActionAt} are null until the first action, {@code closedAt} until it
 * is closed.
 */
public record FollowupCase(
    long id,
    long studentId,
    long windowId,
    long districtId,
    long schoolId,
    long classId,
    int level,
    Instant openedAt,
    Instant dueAt,
    Instant closedAt,
    FollowupAction lastAction,
    Instant lastActionAt) {

  public FollowupCase {
    if (level < 2 || level > 3) {
      throw new IllegalArgumentException("a case is opened at tier 2 or 3, got " + level);
    }
    Objects.requireNonNull(openedAt, "openedAt");
    Objects.requireNonNull(dueAt, "dueAt");
    if ((lastAction == null) != (lastActionAt == null)) {
      throw new IllegalArgumentException("lastAction and lastActionAt come together");
    }
  }

  public boolean open() {
    return closedAt == null;
  }

  /** Open and due before {@code now}. */
  public boolean overdue(Instant now) {
    return open() && dueAt.isBefore(now);
  }
}
