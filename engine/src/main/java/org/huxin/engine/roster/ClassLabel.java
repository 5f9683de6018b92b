package org.huxin.engine.roster;

import java.util.Objects;

/** A class with its grade and the names of its school and district, for a console's rows. */
public record ClassLabel(
    long classId,
    String className,
    int grade,
    long schoolId,
    String schoolName,
    long districtId,
    String districtName) {
  public ClassLabel {
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(schoolName, "schoolName");
    Objects.requireNonNull(districtName, "districtName");
  }
}
