package org.huxin.engine.reports;

/**
 * One published count: the number, or withheld ({@code suppressed}, and then no number at all, so
 * the true value can never leave the engine by mistake).
 */
public record ReportCell(Long count, boolean suppressed) {

  /** A withheld count. */
  public static final ReportCell SUPPRESSED = new ReportCell(null, true);

  public ReportCell {
    if (suppressed != (count == null)) {
      throw new IllegalArgumentException("a cell has a count exactly when it is not suppressed");
    }
    if (count != null && count < 0) {
      throw new IllegalArgumentException("a count cannot be negative: " + count);
    }
  }

  public static ReportCell of(long count) {
    return new ReportCell(count, false);
  }
}
