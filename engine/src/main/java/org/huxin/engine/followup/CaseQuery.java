package org.huxin.engine.followup;

import java.time.Instant;
import java.util.Objects;

/**
 * Which cases to list: by status, within a district, school or class (null = not restricted),
 * judged overdue against {@code now}, at most {@code limit} of them, starting just past {@code
 * after} (null: from the first).
 */
public record CaseQuery(
    CaseStatus status,
    Long districtId,
    Long schoolId,
    Long classId,
    Instant now,
    int limit,
    CaseCursor after) {

  public static final int MAX_LIMIT = 1000;

  /** The first page. */
  public CaseQuery(
      CaseStatus status, Long districtId, Long schoolId, Long classId, Instant now, int limit) {
    this(status, districtId, schoolId, classId, now, limit, null);
  }

  public CaseQuery {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(now, "now");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", got " + limit);
    }
  }
}
