package org.huxin.engine.followup;

import java.time.Instant;
import java.util.Objects;

/** Whom an archive is about: the roster row with its name decrypted and its org units named. */
public record ArchiveStudent(
    long id,
    String studentNo,
    String name,
    long districtId,
    long schoolId,
    String schoolName,
    long classId,
    String className,
    int grade,
    char sex,
    int birthYear,
    boolean consent,
    Instant consentAt) {

  public ArchiveStudent {
    Objects.requireNonNull(studentNo, "studentNo");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schoolName, "schoolName");
    Objects.requireNonNull(className, "className");
  }
}
