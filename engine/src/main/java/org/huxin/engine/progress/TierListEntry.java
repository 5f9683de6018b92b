package org.huxin.engine.progress;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One screened student of a school's tier list: who (id, the school's student number, the decrypted
 * name, grade, class, sex), the verdict of their highest-tier form (tier, crisis, validity 0 valid
 * / 1 questionable / 2 invalid, the rules that fired), when it was submitted, how many forms they
 * have, the crisis level (0 none, 1 一般 general, 2 严重 serious, 3 重大 major), whether a crisis alert
 * about them in this window is still unacknowledged, and the battery that form was scored with
 * (whose staff note, for grades 4–6, goes beside the verdict).
 */
public record TierListEntry(
    long studentId,
    String studentNo,
    String name,
    int grade,
    long classId,
    String className,
    char sex,
    int tier,
    boolean crisis,
    int validity,
    List<RuleHit> firedRules,
    String form,
    int forms,
    Instant submittedAt,
    int crisisLevel,
    boolean alertPending,
    String batteryId) {

  public TierListEntry {
    Objects.requireNonNull(studentNo, "studentNo");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(form, "form");
    Objects.requireNonNull(submittedAt, "submittedAt");
    Objects.requireNonNull(batteryId, "batteryId");
    firedRules = List.copyOf(firedRules);
    if (tier < 0 || tier > 3) {
      throw new IllegalArgumentException("tier must be 0..3, got " + tier);
    }
    if (validity < 0 || validity > 2) {
      throw new IllegalArgumentException("validity must be 0..2, got " + validity);
    }
    if (crisisLevel < 0 || crisisLevel > 3 || (crisisLevel > 0) != crisis) {
      throw new IllegalArgumentException(
          "crisis level must be 1..3 for a crisis and 0 otherwise, got " + crisisLevel);
    }
  }
}
