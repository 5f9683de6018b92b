package org.huxin.engine.progress;

import java.util.Locale;

/** The levels of the progress tree, from the root down. */
public enum ProgressLevel {
  CITY,
  DISTRICT,
  SCHOOL,
  GRADE,
  CLASS;

  /** The lower-case name used in JSON. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
