package org.huxin.engine.audit;

import java.util.Objects;

/**
 * Something to put on the audit trail: who ({@code actorId}, {@code actorRole}; null for an
 * unauthenticated attempt), what ({@code action}, e.g. {@code view_result}, {@code export_csv}),
 * about whom ({@code subjectStudentId} and/or a free {@code subject}), why, and whether it was
 * allowed.
 */
public record AuditEvent(
    Long actorId,
    String actorRole,
    String action,
    Long subjectStudentId,
    String subject,
    String reason,
    boolean ok) {

  public AuditEvent {
    Objects.requireNonNull(action, "action");
    if (action.isBlank()) {
      throw new IllegalArgumentException("audit action must not be blank");
    }
  }
}
