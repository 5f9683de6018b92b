package org.huxin.engine.roster;

import java.util.Objects;

/** One student as the gateway indexes them in memory for login: no name, ids and codes only. */
public record RosterEntry(
    long id,
    long districtId,
    long schoolId,
    String schoolCode,
    long classId,
    int grade,
    char sex,
    int birthYear,
    String studentNo,
    boolean consent) {

  public RosterEntry {
    Objects.requireNonNull(schoolCode, "schoolCode");
    Objects.requireNonNull(studentNo, "studentNo");
  }
}
