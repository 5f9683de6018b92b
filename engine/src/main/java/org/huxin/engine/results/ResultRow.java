package org.huxin.engine.results;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.huxin.engine.store.Json;

/**
 * One scored questionnaire ready to store: who (window, student, form and the student's org units,
 * grade and sex), what (battery, norm set, compact answers, per-scale scores as a JSON object) and
 * the verdict (tier 0–3, crisis and its level, validity 0 valid / 1 questionable / 2 invalid, the
 * rules that fired). {@code answers} holds one byte per item, 254 for a refusal and 255 for a
 * missing answer. Arrays are copied in and out.
 *
 * @param crisisLevel 0 without a crisis; 1 一般, 2 严重, 3 重大 with one
 * @param escalateAfterS for a crisis, the seconds its alert may wait unacknowledged before it goes
 *     to the district (the level's time under the window's rule set); 0 without one
 */
public record ResultRow(
    long windowId,
    long studentId,
    String form,
    long districtId,
    long schoolId,
    long classId,
    int grade,
    char sex,
    String batteryId,
    String batteryVersion,
    String normVersion,
    byte[] answers,
    String scoresJson,
    int tier,
    boolean crisis,
    int crisisLevel,
    int escalateAfterS,
    int validity,
    String[] firedRules,
    Instant startedAt,
    Instant submittedAt,
    int durationMs,
    UUID idempotencyKey) {

  /** The rater forms: the student's own, the head teacher's and a parent's. */
  public static final Set<String> FORMS = Set.of("self", "teacher", "parent");

  public static final int MISSING_ANSWER = 255;

  public ResultRow {
    requirePositive("windowId", windowId);
    requirePositive("studentId", studentId);
    if (!FORMS.contains(form)) {
      throw new IllegalArgumentException("form must be self, teacher or parent, got " + form);
    }
    requirePositive("districtId", districtId);
    requirePositive("schoolId", schoolId);
    requirePositive("classId", classId);
    requireRange("grade", grade, 1, 12);
    if (sex != 'F' && sex != 'M') {
      throw new IllegalArgumentException("sex must be F or M, got '" + sex + "'");
    }
    requireText("batteryId", batteryId);
    requireText("batteryVersion", batteryVersion);
    requireText("normVersion", normVersion);
    Objects.requireNonNull(answers, "answers");
    if (answers.length == 0) {
      throw new IllegalArgumentException("answers is empty; a stored result has at least one item");
    }
    answers = answers.clone();
    Json.requireObject("scoresJson", scoresJson);
    requireRange("tier", tier, 0, 3);
    if (crisis != (tier == 3)) {
      throw new IllegalArgumentException("crisis is " + crisis + " but the tier is " + tier);
    }
    requireRange("crisisLevel", crisisLevel, crisis ? 1 : 0, crisis ? 3 : 0);
    if (crisis ? escalateAfterS <= 0 : escalateAfterS != 0) {
      throw new IllegalArgumentException(
          "escalateAfterS must be positive for a crisis and 0 otherwise, got " + escalateAfterS);
    }
    requireRange("validity", validity, 0, 2);
    Objects.requireNonNull(firedRules, "firedRules");
    firedRules = firedRules.clone();
    for (int i = 0; i < firedRules.length; i++) {
      requireText("firedRules[" + i + "]", firedRules[i]);
    }
    Objects.requireNonNull(submittedAt, "submittedAt");
    if (durationMs < 0) {
      throw new IllegalArgumentException("durationMs must not be negative, got " + durationMs);
    }
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
  }

  @Override
  public byte[] answers() {
    return answers.clone();
  }

  @Override
  public String[] firedRules() {
    return firedRules.clone();
  }

  private static void requirePositive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be a positive id, got " + value);
    }
  }

  private static void requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + value);
    }
  }

  private static void requireText(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(name + " contains a NUL character");
    }
  }
}
