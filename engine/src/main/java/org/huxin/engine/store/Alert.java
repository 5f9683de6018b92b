package org.huxin.engine.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A crisis alert from the outbox: which result, student, school and district, its level (the
 * result's tier), and where it is in delivery, acknowledgement and escalation.
 */
public record Alert(
    long id,
    long resultId,
    long windowId,
    long studentId,
    long schoolId,
    long districtId,
    int level,
    Instant createdAt,
    Instant deliveredAt,
    Long acknowledgedBy,
    Instant acknowledgedAt,
    Instant escalatedAt) {

  public Alert {
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
