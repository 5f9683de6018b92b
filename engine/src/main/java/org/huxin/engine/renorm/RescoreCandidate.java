package org.huxin.engine.renorm;

import java.util.Objects;

/**
 * A stored result about to be re-scored, locked in the batch's transaction: who answered, which
 * battery, the compact answers (one byte per item, 255 blank) and the verdict it has now. {@code
 * speedFlagsJson} is the JSON array of the result's {@code speed} validity flags, which a re-score
 * cannot recompute because item times are not stored. Arrays are copied in and out.
 */
public record RescoreCandidate(
    long resultId,
    long studentId,
    String form,
    int grade,
    char sex,
    String batteryId,
    String batteryVersion,
    String normVersion,
    byte[] answers,
    int tier,
    boolean crisis,
    int validity,
    String[] firedRules,
    String speedFlagsJson) {

  public RescoreCandidate {
    Objects.requireNonNull(form, "form");
    Objects.requireNonNull(batteryId, "batteryId");
    Objects.requireNonNull(batteryVersion, "batteryVersion");
    Objects.requireNonNull(normVersion, "normVersion");
    answers = answers.clone();
    firedRules = firedRules.clone();
    Objects.requireNonNull(speedFlagsJson, "speedFlagsJson");
  }

  @Override
  public byte[] answers() {
    return answers.clone();
  }

  @Override
  public String[] firedRules() {
    return firedRules.clone();
  }
}
