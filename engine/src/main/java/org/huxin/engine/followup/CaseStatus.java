package org.huxin.engine.followup;

import java.util.Locale;

/** Which cases a list shows: open ones, open ones past their due time, or closed ones. */
public enum CaseStatus {
  OPEN,
  OVERDUE,
  CLOSED;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static CaseStatus fromCode(String code) {
    for (CaseStatus status : values()) {
      if (status.code().equals(code)) {
        return status;
      }
    }
    throw new IllegalArgumentException(
        "case status '" + code + "' is unknown; use open, overdue or closed");
  }
}
