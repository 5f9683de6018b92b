package org.huxin.engine.scoring;

import java.util.Objects;
import org.huxin.engine.norms.NormBasis;

/**
 * One scale's score in a result.
 *
 * @param scaleId e.g. {@code phq9}
 * @param raw the keyed sum (prorated when the scale prorates and some items were blank)
 * @param scaled the reported score, raw × the scale's multiplier (WHO-5: 0–100); raw otherwise
 * @param band the cut-off band the raw score falls in, e.g. {@code moderate}
 * @param t T = 50 + 10z under the result's norm set, or NaN when the scale is not normed for the
 *     respondent's band × sex
 * @param percentile 0–100 under the result's norm set, or NaN when T is NaN
 * @param norm what T and percentile rest on (set, label, normal curve or table, bound); null when
 *     the scale is not normed, or the score was made without it
 */
public record ScaleScore(
    String scaleId, int raw, int scaled, String band, double t, double percentile, NormBasis norm) {

  /** A score without its norm basis. */
  public ScaleScore(String scaleId, int raw, int scaled, String band, double t, double percentile) {
    this(scaleId, raw, scaled, band, t, percentile, null);
  }

  public ScaleScore {
    Objects.requireNonNull(scaleId, "scaleId");
    Objects.requireNonNull(band, "band");
    if (raw < 0 || scaled < raw) {
      throw new IllegalArgumentException(scaleId + ": raw " + raw + ", scaled " + scaled);
    }
    checkNorm(scaleId, t, percentile, norm);
  }

  static void checkNorm(String id, double t, double percentile, NormBasis norm) {
    if (norm != null && Double.isNaN(t)) {
      throw new IllegalArgumentException(id + ": a norm basis without a T");
    }
    if (Double.isInfinite(t)) {
      throw new IllegalArgumentException(id + ": T is infinite");
    }
    if (!Double.isNaN(percentile) && (percentile < 0 || percentile > 100)) {
      throw new IllegalArgumentException(id + ": percentile " + percentile + " is outside 0–100");
    }
    if (Double.isNaN(t) != Double.isNaN(percentile)) {
      throw new IllegalArgumentException(id + ": T and percentile must both be set or both NaN");
    }
  }

  /** Whether a norm set gave this score a T and a percentile. */
  public boolean normed() {
    return !Double.isNaN(t);
  }
}
