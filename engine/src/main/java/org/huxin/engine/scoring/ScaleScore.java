package org.huxin.engine.scoring;

import java.util.Objects;

/**
 * One scale's score in a result.
 *
 * @param scaleId e.g. {@code phq9}
 * @param raw the sum (prorated when the scale allows blanks and some were left)
 * @param band the cut-off band the raw score falls in, e.g. {@code moderate}
 * @param t T = 50 + 10z under the result's norm set, or NaN when the scale is not normed
 * @param percentile 0–100 under the result's norm set, or NaN when the scale is not normed
 */
public record ScaleScore(String scaleId, int raw, String band, double t, double percentile) {

  public ScaleScore {
    Objects.requireNonNull(scaleId, "scaleId");
    Objects.requireNonNull(band, "band");
    if (raw < 0) {
      throw new IllegalArgumentException(scaleId + ": raw " + raw + " is negative");
    }
    if (Double.isInfinite(t)) {
      throw new IllegalArgumentException(scaleId + ": T is infinite");
    }
    if (!Double.isNaN(percentile) && (percentile < 0 || percentile > 100)) {
      throw new IllegalArgumentException(
          scaleId + ": percentile " + percentile + " is outside 0–100");
    }
    if (Double.isNaN(t) != Double.isNaN(percentile)) {
      throw new IllegalArgumentException(
          scaleId + ": T and percentile must both be set or both NaN");
    }
  }

  /** Whether a norm set gave this score a T and a percentile. */
  public boolean normed() {
    return !Double.isNaN(t);
  }
}
