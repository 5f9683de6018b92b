package org.huxin.engine.norms;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.huxin.scales.NormCell;
import org.huxin.scales.NormSet;
import org.huxin.scales.PercentileTable;
import org.huxin.scales.SchoolBand;

/**
 * The norms of one battery's scales and subscales ("targets"), compiled into flat arrays indexed by
 * {@code target × cell}, where a cell is a school band × sex ({@link #cell}). Looking up a T score
 * or a percentile allocates nothing. Immutable and thread-safe.
 *
 * <p>T = 50 + 10 (raw − mean) / sd. The percentile is read from the cell's empirical table when it
 * has one, otherwise it is 100 Φ((raw − mean) / sd) on the normal curve, and then only approximate
 * ({@link #basis}): the stored number is kept, and {@code NormText} shows it as 约P between P5 and
 * P95 and not at all at a bound of the range. A target × cell no set covers has no norm: T and
 * percentile are NaN.
 *
 * <p>Raw scores are whole numbers in a short range (K10: 10–50), so both figures are computed once
 * per target × cell × raw score at compile time, with the same expressions, and a lookup in range
 * is two array reads; a raw score outside the range is computed on the spot.
 */
public final class NormTable {

  /** The label of a table built from no norm set, as results record it. */
  public static final String NONE = "none";

  /** How many cells there are: school bands × two sexes; {@link #cell} is below this. */
  public static final int CELLS = SchoolBand.values().length * 2;

  private final String label;
  private final List<NormSet> applied;
  private final boolean[] present;
  private final NormSet[] owner;
  private final double[] mean;
  private final double[] sd;
  private final int[] tableFrom;
  private final double[][] table;
  private final int[] low;
  private final int[] high;
  private final double[][] tByRaw;
  private final double[][] percentileByRaw;

  private NormTable(
      String label,
      List<NormSet> applied,
      boolean[] present,
      NormSet[] owner,
      double[] mean,
      double[] sd,
      int[] tableFrom,
      double[][] table,
      int[] low,
      int[] high) {
    this.label = label;
    this.applied = applied;
    this.present = present;
    this.owner = owner;
    this.mean = mean;
    this.sd = sd;
    this.tableFrom = tableFrom;
    this.table = table;
    this.low = low.clone();
    this.high = high.clone();
    this.tByRaw = new double[present.length][];
    this.percentileByRaw = new double[present.length][];
    for (int at = 0; at < present.length; at++) {
      if (!present[at]) {
        continue;
      }
      int target = at / CELLS;
      int span = high[target] - low[target] + 1;
      tByRaw[at] = new double[span];
      percentileByRaw[at] = new double[span];
      for (int k = 0; k < span; k++) {
        tByRaw[at][k] = computeT(at, low[target] + k);
        percentileByRaw[at][k] = computePercentile(at, low[target] + k);
      }
    }
  }

  /**
   * Compiles the cells of {@code sets} whose target is one of {@code targets}; cells naming other
   * targets are left out, and a set none of whose cells apply is not {@link #applied()}.
   *
   * @param targets scale and subscale ids, in the order their indices will be looked up by
   * @param low the lowest raw score of each target
   * @param high the highest raw score of each target
   * @throws IllegalArgumentException if two sets norm the same target × cell, or a percentile table
   *     does not cover its target's range
   */
  public static NormTable compile(List<String> targets, int[] low, int[] high, List<NormSet> sets) {
    Objects.requireNonNull(targets, "targets");
    Objects.requireNonNull(sets, "sets");
    if (low.length != targets.size() || high.length != targets.size()) {
      throw new IllegalArgumentException("targets, low and high differ in length");
    }
    int size = targets.size() * CELLS;
    boolean[] present = new boolean[size];
    NormSet[] owner = new NormSet[size];
    double[] mean = new double[size];
    double[] sd = new double[size];
    int[] tableFrom = new int[size];
    double[][] table = new double[size][];
    List<NormSet> applied = new ArrayList<>();
    for (NormSet set : sets) {
      boolean used = false;
      for (NormCell cell : set.cells()) {
        int target = targets.indexOf(cell.target());
        if (target < 0) {
          continue;
        }
        used = true;
        int at = target * CELLS + cell(cell.band(), cell.sex());
        if (present[at]) {
          throw new IllegalArgumentException(
              "norm sets "
                  + owner[at].label()
                  + " and "
                  + set.label()
                  + " both norm "
                  + cell.key());
        }
        present[at] = true;
        owner[at] = set;
        mean[at] = cell.mean();
        sd[at] = cell.sd();
        PercentileTable t = cell.table();
        if (t != null) {
          if (t.from() != low[target] || t.to() != high[target]) {
            throw new IllegalArgumentException(
                "norm set "
                    + set.id()
                    + ": cell "
                    + cell.key()
                    + ": percentile table covers "
                    + t.from()
                    + "–"
                    + t.to()
                    + " but the range is "
                    + low[target]
                    + "–"
                    + high[target]);
          }
          tableFrom[at] = t.from();
          table[at] = t.percentiles().stream().mapToDouble(Double::doubleValue).toArray();
        }
      }
      if (used) {
        applied.add(set);
      }
    }
    String label =
        applied.isEmpty() ? NONE : String.join("+", applied.stream().map(NormSet::label).toList());
    return new NormTable(
        label, List.copyOf(applied), present, owner, mean, sd, tableFrom, table, low, high);
  }

  /** The cell index of a school band × sex ({@code F} or {@code M}). */
  public static int cell(SchoolBand band, char sex) {
    return band.ordinal() * 2 + (sex == 'F' ? 0 : 1);
  }

  /** The sets that norm at least one target, joined as {@code id@version+id@version}, or none. */
  public String label() {
    return label;
  }

  /** The sets that norm at least one target, in the order given. */
  public List<NormSet> applied() {
    return applied;
  }

  /** Whether {@code target} has a norm in {@code cell}. */
  public boolean normed(int target, int cell) {
    return present[target * CELLS + cell];
  }

  /** Whether {@code target} has a norm in any cell. */
  public boolean normedAnywhere(int target) {
    for (int c = 0; c < CELLS; c++) {
      if (present[target * CELLS + c]) {
        return true;
      }
    }
    return false;
  }

  /** T = 50 + 10z of {@code raw}, or NaN if the target has no norm in the cell. */
  public double t(int target, int cell, int raw) {
    int at = target * CELLS + cell;
    double[] byRaw = tByRaw[at];
    if (byRaw == null) {
      return Double.NaN;
    }
    int k = raw - low[target];
    return k >= 0 && k < byRaw.length ? byRaw[k] : computeT(at, raw);
  }

  /** The percentile (0–100) of {@code raw}, or NaN if the target has no norm in the cell. */
  public double percentile(int target, int cell, int raw) {
    int at = target * CELLS + cell;
    double[] byRaw = percentileByRaw[at];
    if (byRaw == null) {
      return Double.NaN;
    }
    int k = raw - low[target];
    return k >= 0 && k < byRaw.length ? byRaw[k] : computePercentile(at, raw);
  }

  /**
   * What the T and percentile of {@code raw} rest on (set, label, normal curve or table, bound), or
   * null if the target has no norm in the cell. Made anew on each call: compile-time use only.
   */
  public NormBasis basis(int target, int cell, int raw) {
    int at = target * CELLS + cell;
    if (!present[at]) {
      return null;
    }
    NormBasis.Bound bound =
        raw <= low[target]
            ? NormBasis.Bound.MIN
            : raw >= high[target] ? NormBasis.Bound.MAX : NormBasis.Bound.NONE;
    return new NormBasis(owner[at].label(), owner[at].shortLabel(), table[at] == null, bound);
  }

  private double computeT(int at, int raw) {
    return 50 + 10 * (raw - mean[at]) / sd[at];
  }

  private double computePercentile(int at, int raw) {
    double[] empirical = table[at];
    return empirical != null
        ? empirical[raw - tableFrom[at]]
        : Normal.percentile((raw - mean[at]) / sd[at]);
  }
}
