package org.huxin.engine.reports;

import java.util.Objects;

/**
 * Tier prevalence of one grade ({@code grade} null: all grades) and sex ({@code "F"}, {@code "M"}
 * or {@code "all"}): the share of screened students at tier ≥ 1 (重点关注 and above) and at tier ≥ 2
 * (密切关注 and above).
 */
public record PrevalenceRow(
    Integer grade, String sex, ReportRate atLeastKey, ReportRate atLeastClose) {

  public PrevalenceRow {
    if (!"F".equals(sex) && !"M".equals(sex) && !"all".equals(sex)) {
      throw new IllegalArgumentException("sex must be F, M or all, got " + sex);
    }
    Objects.requireNonNull(atLeastKey, "atLeastKey");
    Objects.requireNonNull(atLeastClose, "atLeastClose");
  }
}
