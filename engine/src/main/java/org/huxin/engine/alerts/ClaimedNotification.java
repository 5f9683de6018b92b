package org.huxin.engine.alerts;

import java.util.Objects;
import org.huxin.engine.alerts.AlertNotification.Kind;
import org.huxin.scales.CrisisLevel;

/**
 * A notification a notifier leased, with what its message may say about the alert: the school's
 * name and the crisis level, never the student.
 *
 * @param attempts including the one this lease is for
 * @param acknowledged whether someone took the alert on already (then nothing is sent)
 */
public record ClaimedNotification(
    long id,
    long alertId,
    long channelId,
    Kind kind,
    int attempts,
    long schoolId,
    String schoolName,
    CrisisLevel crisisLevel,
    boolean acknowledged) {

  public ClaimedNotification {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(schoolName, "schoolName");
    Objects.requireNonNull(crisisLevel, "crisisLevel");
    if (attempts < 1) {
      throw new IllegalArgumentException("a claimed notification has at least one attempt");
    }
  }
}
