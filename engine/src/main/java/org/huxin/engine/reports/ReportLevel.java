package org.huxin.engine.reports;

import java.util.Locale;

/** The three report levels: the whole city, one district (区县) and one school. */
public enum ReportLevel {
  CITY,
  DISTRICT,
  SCHOOL;

  /** The lower-case name used in URLs and files. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ReportLevel fromCode(String code) {
    for (ReportLevel level : values()) {
      if (level.code().equals(code)) {
        return level;
      }
    }
    throw new IllegalArgumentException(
        "report level '" + code + "' is unknown; use school, district or city");
  }
}
