package org.huxin.engine.renorm;

import java.util.Objects;
import org.huxin.engine.store.Json;

/**
 * The new verdict of one re-scored result, keyed like the result by (student, form) within the
 * run's window: the norm version that scored it, the scores JSON, tier 0–3, crisis and its level (0
 * none, 1–3), the escalation time of an alert it raises, validity 0–2 and the rules that fired.
 * Arrays are copied in and out.
 */
public record RescoreUpdate(
    long studentId,
    String form,
    String normVersion,
    String scoresJson,
    int tier,
    boolean crisis,
    int crisisLevel,
    int escalateAfterS,
    int validity,
    String[] firedRules) {

  public RescoreUpdate {
    Objects.requireNonNull(form, "form");
    if (normVersion == null || normVersion.isBlank()) {
      throw new IllegalArgumentException("normVersion must not be blank");
    }
    Json.requireObject("scoresJson", scoresJson);
    if (tier < 0 || tier > 3) {
      throw new IllegalArgumentException("tier must be 0..3, got " + tier);
    }
    if (crisis != (tier == 3)) {
      throw new IllegalArgumentException("crisis is " + crisis + " but the tier is " + tier);
    }
    if (crisis ? crisisLevel < 1 || crisisLevel > 3 || escalateAfterS <= 0 : crisisLevel != 0) {
      throw new IllegalArgumentException(
          "a crisis has a level 1..3 and an escalation time, and only a crisis has a level");
    }
    if (validity < 0 || validity > 2) {
      throw new IllegalArgumentException("validity must be 0..2, got " + validity);
    }
    firedRules = firedRules.clone();
  }

  @Override
  public String[] firedRules() {
    return firedRules.clone();
  }
}
