package org.huxin.engine.scoring;

import java.util.Objects;
import org.huxin.engine.norms.NormBasis;

/**
 * One subscale's score in a result, e.g. PSC-17 attention.
 *
 * @param subscaleId e.g. {@code psc17-parent_att}
 * @param scaleId the scale it belongs to
 * @param raw the keyed sum of its items (prorated like its scale)
 * @param band the cut-off band the raw sum falls in, or "" when the subscale has no cut-offs
 * @param t T under the result's norm set, or NaN
 * @param percentile 0–100 under the result's norm set, or NaN
 * @param norm what T and percentile rest on; null when not normed or made without it
 */
public record SubscaleScore(
    String subscaleId,
    String scaleId,
    int raw,
    String band,
    double t,
    double percentile,
    NormBasis norm) {

  /** A score without its norm basis. */
  public SubscaleScore(
      String subscaleId, String scaleId, int raw, String band, double t, double percentile) {
    this(subscaleId, scaleId, raw, band, t, percentile, null);
  }

  public SubscaleScore {
    Objects.requireNonNull(subscaleId, "subscaleId");
    Objects.requireNonNull(scaleId, "scaleId");
    Objects.requireNonNull(band, "band");
    if (raw < 0) {
      throw new IllegalArgumentException(subscaleId + ": raw " + raw + " is negative");
    }
    ScaleScore.checkNorm(subscaleId, t, percentile, norm);
  }

  /** Whether a norm set gave this score a T and a percentile. */
  public boolean normed() {
    return !Double.isNaN(t);
  }
}
