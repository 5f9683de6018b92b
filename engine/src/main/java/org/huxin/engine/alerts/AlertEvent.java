package org.huxin.engine.alerts;

import java.time.Instant;
import java.util.Objects;
import org.huxin.scales.CrisisLevel;

/**
 * One crisis alert on its way to the staff consoles and phones: a first {@link Kind#DELIVERY} to
 * the school and district, or an {@link Kind#ESCALATION} to the district when nobody acknowledged
 * it by its level's deadline. Ids and the level only, never a name or an answer. At-least-once
 * delivery means the same event can arrive twice; {@code (alertId, kind)} identifies it.
 *
 * @param resultId the crisis result, or null for an alert on an unsubmitted draft
 * @param escalatedAt when the alert was escalated; null for a delivery
 */
public record AlertEvent(
    long alertId,
    Kind kind,
    Long resultId,
    long windowId,
    long studentId,
    String form,
    long schoolId,
    long districtId,
    Alert.Source source,
    CrisisLevel crisisLevel,
    Instant createdAt,
    Instant escalateDueAt,
    Instant escalatedAt) {

  /** Why the event was sent. */
  public enum Kind {
    /** A new alert for the consoles of its school and district. */
    DELIVERY,
    /** An alert nobody acknowledged in time, for the district. */
    ESCALATION
  }

  public AlertEvent {
    positive("alertId", alertId);
    Objects.requireNonNull(kind, "kind");
    if (resultId != null) {
      positive("resultId", resultId);
    }
    positive("windowId", windowId);
    positive("studentId", studentId);
    Objects.requireNonNull(form, "form");
    positive("schoolId", schoolId);
    positive("districtId", districtId);
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(crisisLevel, "crisisLevel");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(escalateDueAt, "escalateDueAt");
    if ((kind == Kind.ESCALATION) != (escalatedAt != null)) {
      throw new IllegalArgumentException(
          "alert " + alertId + ": escalatedAt is required for an escalation and only for one");
    }
  }

  /** The first delivery of {@code alert}. */
  public static AlertEvent delivery(Alert alert) {
    return of(alert, Kind.DELIVERY, null);
  }

  /** The escalation of {@code alert} at {@code escalatedAt}. */
  public static AlertEvent escalation(Alert alert, Instant escalatedAt) {
    return of(alert, Kind.ESCALATION, Objects.requireNonNull(escalatedAt, "escalatedAt"));
  }

  private static AlertEvent of(Alert alert, Kind kind, Instant escalatedAt) {
    return new AlertEvent(
        alert.id(),
        kind,
        alert.resultId(),
        alert.windowId(),
        alert.studentId(),
        alert.form(),
        alert.schoolId(),
        alert.districtId(),
        alert.source(),
        alert.crisisLevel(),
        alert.createdAt(),
        alert.escalateDueAt(),
        escalatedAt);
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
