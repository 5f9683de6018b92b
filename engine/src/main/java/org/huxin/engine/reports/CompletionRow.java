package org.huxin.engine.reports;

import java.util.Objects;

/**
 * Completion of one grade ({@code grade} null: all grades): students in scope, those without
 * guardian consent, students screened (withheld with the tier table's row total it equals) and the
 * screened share of those in scope.
 */
public record CompletionRow(
    Integer grade, long inScope, long withoutConsent, ReportCell screened, ReportRate rate) {

  public CompletionRow {
    if (inScope < 0 || withoutConsent < 0) {
      throw new IllegalArgumentException("roster counts cannot be negative");
    }
    Objects.requireNonNull(screened, "screened");
    Objects.requireNonNull(rate, "rate");
  }
}
