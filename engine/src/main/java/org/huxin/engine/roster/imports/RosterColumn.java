package org.huxin.engine.roster.imports;

import java.util.Locale;
import java.util.Optional;

/** A column of a roster file, known by its English or its Chinese header; all are required. */
public enum RosterColumn {
  DISTRICT_CODE("district_code", "区县代码"),
  DISTRICT_NAME("district_name", "区县"),
  SCHOOL_CODE("school_code", "学校代码"),
  SCHOOL_NAME("school_name", "学校"),
  SCHOOL_STAGE("school_stage", "学段"),
  GRADE("grade", "年级"),
  CLASS_NAME("class_name", "班级"),
  STUDENT_NO("student_no", "学号"),
  NAME("name", "姓名"),
  SEX("sex", "性别"),
  BIRTH_YEAR("birth_year", "出生年份"),
  GUARDIAN_CONSENT("guardian_consent", "监护人同意");

  private final String english;
  private final String chinese;

  RosterColumn(String english, String chinese) {
    this.english = english;
    this.chinese = chinese;
  }

  public String english() {
    return english;
  }

  public String chinese() {
    return chinese;
  }

  /** The column a header cell names (trimmed, English case-insensitive), if any. */
  public static Optional<RosterColumn> byHeader(String header) {
    String h = header.strip();
    for (RosterColumn column : values()) {
      if (column.chinese.equals(h) || column.english.equals(h.toLowerCase(Locale.ROOT))) {
        return Optional.of(column);
      }
    }
    return Optional.empty();
  }
}
