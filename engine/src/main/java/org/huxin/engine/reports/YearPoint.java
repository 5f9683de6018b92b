package org.huxin.engine.reports;

import java.time.Instant;
import java.util.Objects;

/**
 * The same unit in one window of the year-over-year series: students screened and the shares at
 * tier ≥ 1 and ≥ 2, exactly as that window's own report publishes them.
 */
public record YearPoint(
    long windowId,
    String windowName,
    Instant opensAt,
    boolean current,
    ReportCell screened,
    ReportRate atLeastKey,
    ReportRate atLeastClose) {

  public YearPoint {
    Objects.requireNonNull(windowName, "windowName");
    Objects.requireNonNull(opensAt, "opensAt");
    Objects.requireNonNull(screened, "screened");
    Objects.requireNonNull(atLeastKey, "atLeastKey");
    Objects.requireNonNull(atLeastClose, "atLeastClose");
  }
}
