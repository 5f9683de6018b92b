package org.huxin.engine.reports;

/**
 * A published share (normally 0–1, four decimals): {@code value} null and {@code suppressed} when
 * one of its inputs is withheld; {@code value} null and not suppressed when there is no one to
 * divide by.
 */
public record ReportRate(Double value, boolean suppressed) {

  public static final ReportRate SUPPRESSED = new ReportRate(null, true);
  public static final ReportRate NONE = new ReportRate(null, false);

  public ReportRate {
    if (suppressed && value != null) {
      throw new IllegalArgumentException("a suppressed rate has no value");
    }
    if (value != null && !(value >= 0)) {
      throw new IllegalArgumentException("a rate cannot be negative or NaN, got " + value);
    }
  }

  /** {@code numerator / denominator} rounded to four decimals; {@link #NONE} if the latter is 0. */
  public static ReportRate of(long numerator, long denominator) {
    if (denominator == 0) {
      return NONE;
    }
    if (numerator < 0 || denominator < 0) {
      throw new IllegalArgumentException(
          "rate " + numerator + "/" + denominator + " has a negative count");
    }
    return new ReportRate(Math.round(numerator * 10_000.0 / denominator) / 10_000.0, false);
  }
}
