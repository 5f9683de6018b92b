package org.huxin.scales;

import java.util.List;

/**
 * An empirical percentile table: the percentile rank of every raw score from {@code from} up, one
 * entry per raw score, non-decreasing, each 0–100. The rank used by {@code LocalNormBuilder} is the
 * mid-rank: 100 × (count below + half the count equal) / n.
 */
public record PercentileTable(int from, List<Double> percentiles) {

  public PercentileTable {
    percentiles = List.copyOf(percentiles);
    if (from < 0) {
      throw new IllegalArgumentException("percentile table starts at " + from + ", below 0");
    }
    if (percentiles.isEmpty()) {
      throw new IllegalArgumentException("percentile table is empty");
    }
    double previous = 0;
    for (int i = 0; i < percentiles.size(); i++) {
      double p = percentiles.get(i);
      if (!(p >= 0 && p <= 100)) {
        throw new IllegalArgumentException(
            "percentile of raw " + (from + i) + " is " + p + ", outside 0–100");
      }
      if (p < previous) {
        throw new IllegalArgumentException(
            "percentile of raw " + (from + i) + " is " + p + ", below that of the raw before");
      }
      previous = p;
    }
  }

  /** The highest raw score in the table. */
  public int to() {
    return from + percentiles.size() - 1;
  }

  /** The percentile rank of {@code raw}, which must lie in {@link #from()}–{@link #to()}. */
  public double percentile(int raw) {
    if (raw < from || raw > to()) {
      throw new IllegalArgumentException("raw " + raw + " is outside " + from + "–" + to());
    }
    return percentiles.get(raw - from);
  }
}
