package org.huxin.engine.alerts;

import java.time.Instant;
import java.util.Objects;
import org.huxin.scales.CrisisLevel;

/**
 * A crisis alert from the outbox: what raised it (a stored result, or a crisis answer in a draft
 * nobody submitted), whose it is (student, form, school, district), its crisis level and when it
 * escalates, and where it is: relayed to the consoles and phones, seen on a console, acknowledged
 * by a person, escalated to the district.
 *
 * @param resultId the crisis result, or null for an {@link Source#UNSUBMITTED} alert
 * @param escalateDueAt when it goes to the district unless acknowledged: its creation plus the
 *     level's escalation time under the window's rule set
 * @param relayedBy the node whose relay handed it on, or null
 * @param seenAt when a staff console first confirmed it had the alert, or null
 */
public record Alert(
    long id,
    Long resultId,
    long windowId,
    long studentId,
    String form,
    long schoolId,
    long districtId,
    Source source,
    CrisisLevel crisisLevel,
    Instant createdAt,
    Instant escalateDueAt,
    Instant relayedAt,
    String relayedBy,
    Instant seenAt,
    Long acknowledgedBy,
    Instant acknowledgedAt,
    Instant escalatedAt) {

  /** What raised the alert. */
  public enum Source {
    /** A stored crisis result. */
    RESULT("result"),
    /** A crisis answer in a saved draft that no submit followed in time. */
    UNSUBMITTED("unsubmitted");

    private final String key;

    Source(String key) {
      this.key = key;
    }

    /** As stored and in the API. */
    public String key() {
      return key;
    }

    public static Source ofKey(String key) {
      for (Source s : values()) {
        if (s.key.equals(key)) {
          return s;
        }
      }
      throw new IllegalArgumentException("alert source '" + key + "' is not result or unsubmitted");
    }
  }

  public Alert {
    Objects.requireNonNull(form, "form");
    Objects.requireNonNull(source, "source");
    if ((source == Source.RESULT) != (resultId != null)) {
      throw new IllegalArgumentException(
          "alert " + id + ": a result alert names its result, an unsubmitted one none");
    }
    Objects.requireNonNull(crisisLevel, "crisisLevel");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(escalateDueAt, "escalateDueAt");
  }
}
