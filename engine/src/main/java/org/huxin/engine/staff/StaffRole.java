package org.huxin.engine.staff;

import java.util.Locale;

/** What a staff account may do and over which scope; {@link #code()} is the stored value. */
public enum StaffRole {
  CITY_ADMIN,
  DISTRICT_ADMIN,
  SCHOOL_PSYCHOLOGIST,
  HEAD_TEACHER,
  OPS;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static StaffRole fromCode(String code) {
    for (StaffRole role : values()) {
      if (role.code().equals(code)) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "staff role '"
            + code
            + "' is unknown; use city_admin, district_admin, school_psychologist, head_teacher"
            + " or ops");
  }
}
