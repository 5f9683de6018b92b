package org.huxin.engine.windows;

import java.util.List;

/**
 * How far a window has come, for the whole window or one district or school ({@code districtId},
 * {@code schoolId} null when not filtered). {@code studentsInScope} counts the students to be
 * screened, {@code withoutConsent} those of them without guardian consent. Tiers and crises count
 * students, each at the highest tier of their forms, so {@code studentsByTier} (tiers 0..3) sums to
 * {@code studentsSubmitted}; {@code results} counts stored forms.
 */
public record WindowProgress(
    long windowId,
    Long districtId,
    Long schoolId,
    long studentsInScope,
    long withoutConsent,
    long studentsSubmitted,
    long results,
    List<Long> studentsByTier,
    long crisisStudents) {

  public WindowProgress {
    studentsByTier = List.copyOf(studentsByTier);
    if (studentsByTier.size() != 4) {
      throw new IllegalArgumentException(
          "studentsByTier holds tiers 0..3, got " + studentsByTier.size() + " entries");
    }
  }

  public long studentsAtTier(int tier) {
    return studentsByTier.get(tier);
  }
}
