package org.huxin.engine.progress;

import java.util.Objects;

/** One class of a window's progress with the names of its district and school: a tree leaf. */
public record ClassProgress(
    long districtId,
    String districtName,
    long schoolId,
    String schoolName,
    int grade,
    long classId,
    String className,
    ProgressCounts counts) {

  public ClassProgress {
    Objects.requireNonNull(districtName, "districtName");
    Objects.requireNonNull(schoolName, "schoolName");
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(counts, "counts");
    if (grade < 1 || grade > 12) {
      throw new IllegalArgumentException("grade must be 1..12, got " + grade);
    }
  }
}
