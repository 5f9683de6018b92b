package org.huxin.engine.roster;

import java.time.Instant;
import java.util.Objects;

/**
 * A student to add to the roster. The district follows from the school; the class must belong to
 * the school and teach {@code grade}. {@link #toString()} leaves the name out.
 */
public record NewStudent(
    long schoolId,
    long classId,
    int grade,
    char sex,
    int birthYear,
    String studentNo,
    String name,
    boolean consentGuardian,
    Instant consentAt) {

  public NewStudent {
    if (grade < 1 || grade > 12) {
      throw new IllegalArgumentException("grade must be 1..12, got " + grade);
    }
    if (sex != 'F' && sex != 'M') {
      throw new IllegalArgumentException("sex must be F or M, got '" + sex + "'");
    }
    if (birthYear < 1990 || birthYear > 2100) {
      throw new IllegalArgumentException("birthYear must be 1990..2100, got " + birthYear);
    }
    if (studentNo == null || studentNo.isBlank()) {
      throw new IllegalArgumentException("studentNo must not be blank");
    }
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name of student " + studentNo + " must not be blank");
    }
    if (consentAt != null && !consentGuardian) {
      throw new IllegalArgumentException("consentAt is set but consentGuardian is false");
    }
  }

  @Override
  public String toString() {
    return "NewStudent[school " + schoolId + ", class " + classId + ", no " + studentNo + "]";
  }
}
