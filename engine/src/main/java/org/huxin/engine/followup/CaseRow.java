package org.huxin.engine.followup;

import java.util.Objects;

/** A case as a list shows it: the case and whom it is about (name decrypted). */
public record CaseRow(
    FollowupCase followupCase,
    String studentNo,
    String name,
    int grade,
    String schoolName,
    String className) {

  public CaseRow {
    Objects.requireNonNull(followupCase, "followupCase");
    Objects.requireNonNull(studentNo, "studentNo");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schoolName, "schoolName");
    Objects.requireNonNull(className, "className");
  }
}
