package org.huxin.scales;

import java.util.Objects;

/**
 * The norm of one scale or subscale for one school band and sex: T = 50 + 10 (raw − mean) / sd, and
 * the percentile from {@code table} when there is one, otherwise from the normal curve.
 *
 * @param target a scale id ({@code k10}) or subscale id ({@code psc17-parent_int})
 * @param sex {@code F} or {@code M}
 * @param n the sample size behind the figures
 * @param pooled the figures were published for a wider group (all bands, both sexes) and are
 *     repeated for this cell, not measured in it
 * @param table an empirical percentile table covering the target's whole range, or null
 */
public record NormCell(
    String target,
    SchoolBand band,
    char sex,
    int n,
    double mean,
    double sd,
    boolean pooled,
    PercentileTable table) {

  public NormCell {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(band, "band");
    String where = "cell " + target + " " + band + " " + sex + ": ";
    if (sex != 'F' && sex != 'M') {
      throw new IllegalArgumentException(where + "sex must be F or M");
    }
    if (n < 2) {
      throw new IllegalArgumentException(where + "n " + n + " is below 2");
    }
    if (!Double.isFinite(mean)) {
      throw new IllegalArgumentException(where + "mean is not a number");
    }
    if (!(sd > 0) || !Double.isFinite(sd)) {
      throw new IllegalArgumentException(where + "sd " + sd + " must be above 0");
    }
  }

  /** Where this cell is, for messages: {@code k10 7-9 F}. */
  public String key() {
    return target + " " + band + " " + sex;
  }
}
