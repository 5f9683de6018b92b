package org.huxin.engine.windows;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a screening window: draft → open ⇄ paused → closed → archived. A closed window may be
 * reopened for late students; a draft may be archived unopened. {@link #code()} is the stored
 * value.
 */
public enum WindowStatus {
  DRAFT,
  OPEN,
  PAUSED,
  CLOSED,
  ARCHIVED;

  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static WindowStatus fromCode(String code) {
    for (WindowStatus status : values()) {
      if (status.code().equals(code)) {
        return status;
      }
    }
    throw new IllegalArgumentException(
        "window status '" + code + "' is unknown; use draft, open, paused, closed or archived");
  }

  /** The statuses this one may change to. */
  public Set<WindowStatus> next() {
    return switch (this) {
      case DRAFT -> EnumSet.of(OPEN, ARCHIVED);
      case OPEN -> EnumSet.of(PAUSED, CLOSED);
      case PAUSED -> EnumSet.of(OPEN, CLOSED);
      case CLOSED -> EnumSet.of(OPEN, ARCHIVED);
      case ARCHIVED -> EnumSet.noneOf(WindowStatus.class);
    };
  }

  public boolean canMoveTo(WindowStatus target) {
    return next().contains(target);
  }
}
