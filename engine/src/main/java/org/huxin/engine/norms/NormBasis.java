package org.huxin.engine.norms;

import java.util.Objects;
import org.huxin.scales.LocalizedText;

/**
 * What a T score and percentile rest on, so a reader can be told: the norm set that gave them, its
 * short label (e.g. 合并常模（9–18岁、男女合并）), whether the percentile is read off the normal curve rather
 * than an empirical table, and whether the raw score sits at a bound of its range, where the normal
 * curve cannot place it.
 *
 * @param normSet {@code id@version}
 * @param label the set's short label, shown beside every T and percentile
 * @param approximate the percentile comes from the normal curve (the cell has no table)
 * @param bound whether the raw score is the lowest or highest its scale allows
 */
public record NormBasis(String normSet, LocalizedText label, boolean approximate, Bound bound) {

  /** Where a raw score sits in its scale's range. */
  public enum Bound {
    /** Strictly between the lowest and highest score. */
    NONE,
    /** The lowest score the scale allows (K10: 10). */
    MIN,
    /** The highest score the scale allows. */
    MAX;

    /** {@code min} or {@code max} as results store it; null for {@link #NONE}. */
    public String key() {
      return this == NONE ? null : name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The bound stored as {@code key} ({@code min}, {@code max}), {@link #NONE} otherwise. */
    public static Bound ofKey(String key) {
      return "min".equals(key) ? MIN : "max".equals(key) ? MAX : NONE;
    }
  }

  public NormBasis {
    Objects.requireNonNull(normSet, "normSet");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(bound, "bound");
  }
}
