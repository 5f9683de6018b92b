package org.huxin.gateway.questionnaires;

import java.util.Optional;
import org.huxin.engine.scoring.ScoringEngine;
import org.huxin.scales.Battery;

/**
 * Which battery each rater of a child answers. A window names one battery per grade band; for a
 * band whose battery is a teacher form (grades 1–3) the head teacher answers that battery and a
 * parent answers the library's parent-form battery of the same band.
 */
public final class RaterForms {
  public static final String SELF = "self";
  public static final String TEACHER = "teacher";
  public static final String PARENT = "parent";

  private RaterForms() {}

  /** Whether {@code batteryId} is answered by the head teacher rather than the student. */
  public static boolean rated(ScoringEngine engine, String batteryId) {
    return TEACHER.equals(engine.battery(batteryId).form());
  }

  /** The parent-form battery of the band {@code teacherBatteryId} is written for, if any. */
  public static Optional<String> parentBattery(ScoringEngine engine, String teacherBatteryId) {
    Battery teacher = engine.battery(teacherBatteryId).definition();
    return engine.library().batteries().stream()
        .filter(b -> PARENT.equals(b.form()) && b.band() == teacher.band())
        .map(Battery::id)
        .filter(engine::hasBattery)
        .findFirst();
  }
}
