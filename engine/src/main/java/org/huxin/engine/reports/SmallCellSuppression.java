package org.huxin.engine.reports;

import java.util.Arrays;

/**
 * Small-cell suppression of a two-way count table with its margins, so that no published figure
 * tells who a handful of students are.
 *
 * <h2>Implementation notes</h2>
 *
 * <p><b>The table.</b> An {@code R × C} table of non-negative counts is extended by its row totals
 * (column {@code C}), its column totals (row {@code R}) and the grand total (cell {@code [R][C]}).
 * Every row and every column of this {@code (R+1) × (C+1)} grid is a <em>line</em>: its cells other
 * than the last add up to the last (the line's total). The totals row and the totals column are
 * lines too; their total is the grand total.
 *
 * <p><b>Primary suppression.</b> Any cell, margins included, with {@code 0 < n < k} is withheld.
 * Zero is shown: under the usual k-anonymity rule for aggregate health statistics (the "1–9
 * suppressed, 0 shown" convention of e.g. the CDC and NHS small-number policies) a zero names
 * nobody, and withholding zeros would force far more complementary suppression for no protection.
 *
 * <p><b>Complementary suppression.</b> A line with exactly one withheld cell gives that cell away
 * by subtraction from the line's other cells. So, until nothing changes: in every line that has
 * exactly one withheld cell, withhold one more, namely the smallest non-zero shown cell of the line
 * that is not the line's total (the cheapest cell to lose); if there is none (the others are zero
 * or withheld), withhold the line's total. Each pass only adds cells, so this ends after at most
 * {@code (R+1)(C+1)} additions; a line with a withheld cell always has a candidate, because the
 * withheld cell is non-zero and counts are non-negative.
 *
 * <p><b>What it guarantees.</b> After suppression no line has exactly one withheld cell, so no
 * withheld cell follows from a single line's total ({@code SmallCellSuppressionPropertyTest} checks
 * this for random tables). This is the standard line-by-line heuristic; it does not solve the
 * linear system of all lines together (interval audit by linear programming, as τ-ARGUS does), so a
 * pattern of withheld cells spread over several lines can in rare shapes still be narrowed. Reports
 * keep their tables small (grades × sex × tier) and publish nothing else that adds up from these
 * cells: every rate is withheld as soon as one of its inputs is ({@link #rate}).
 *
 * <p>Pure Java with no I/O; {@link #apply} does not modify its argument.
 */
public final class SmallCellSuppression {

  /** The smallest count that may be shown when it is not zero. */
  public static final int K = 10;

  private SmallCellSuppression() {}

  /**
   * The outcome for an {@code R × C} table: {@code values} and {@code suppressed} are {@code (R+1)
   * × (C+1)} with row totals in the last column, column totals in the last row and the grand total
   * in the corner; {@code primary} marks cells withheld for being small, {@code suppressed} every
   * withheld cell.
   */
  public record Result(long[][] values, boolean[][] primary, boolean[][] suppressed) {
    public Result {
      values = deepCopy(values);
      primary = deepCopy(primary);
      suppressed = deepCopy(suppressed);
    }

    public int rows() {
      return values.length - 1;
    }

    public int columns() {
      return values[0].length - 1;
    }

    /** The cell at {@code row, column} of the extended grid (totals at index rows / columns). */
    public ReportCell cell(int row, int column) {
      return suppressed[row][column] ? ReportCell.SUPPRESSED : ReportCell.of(values[row][column]);
    }

    public boolean isSuppressed(int row, int column) {
      return suppressed[row][column];
    }

    public boolean isPrimary(int row, int column) {
      return primary[row][column];
    }

    /** How many cells of the extended grid are withheld. */
    public int suppressedCount() {
      int n = 0;
      for (boolean[] row : suppressed) {
        for (boolean s : row) {
          n += s ? 1 : 0;
        }
      }
      return n;
    }
  }

  /**
   * Suppresses {@code counts} (rows × columns, all ≥ 0, at least one of each) with k = {@link #K}.
   */
  public static Result apply(long[][] counts) {
    return apply(counts, K);
  }

  /** Suppresses {@code counts} with threshold {@code k}: non-zero counts below k are withheld. */
  public static Result apply(long[][] counts, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    if (counts.length == 0 || counts[0].length == 0) {
      throw new IllegalArgumentException("a table needs at least one row and one column");
    }
    int rows = counts.length;
    int columns = counts[0].length;
    long[][] v = new long[rows + 1][columns + 1];
    for (int i = 0; i < rows; i++) {
      if (counts[i].length != columns) {
        throw new IllegalArgumentException(
            "row " + i + " has " + counts[i].length + " cells; row 0 has " + columns);
      }
      for (int j = 0; j < columns; j++) {
        long n = counts[i][j];
        if (n < 0) {
          throw new IllegalArgumentException("cell [" + i + "][" + j + "] is negative: " + n);
        }
        v[i][j] = n;
        v[i][columns] += n;
        v[rows][j] += n;
        v[rows][columns] += n;
      }
    }
    boolean[][] primary = new boolean[rows + 1][columns + 1];
    boolean[][] s = new boolean[rows + 1][columns + 1];
    for (int i = 0; i <= rows; i++) {
      for (int j = 0; j <= columns; j++) {
        primary[i][j] = v[i][j] > 0 && v[i][j] < k;
        s[i][j] = primary[i][j];
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 0; i <= rows; i++) {
        changed |= complementRow(v, s, i);
      }
      for (int j = 0; j <= columns; j++) {
        changed |= complementColumn(v, s, j);
      }
    }
    return new Result(v, primary, s);
  }

  /**
   * A rate {@code numerator / denominator} over cells of one suppressed table: withheld if any of
   * its inputs is withheld (a shown rate would give the withheld count back), empty when the
   * denominator is zero, else rounded to four decimals (a percentage with one decimal).
   */
  public static ReportRate rate(ReportCell[] numerator, ReportCell denominator) {
    if (denominator.suppressed()) {
      return ReportRate.SUPPRESSED;
    }
    long sum = 0;
    for (ReportCell cell : numerator) {
      if (cell.suppressed()) {
        return ReportRate.SUPPRESSED;
      }
      sum += cell.count();
    }
    return ReportRate.of(sum, denominator.count());
  }

  private static boolean complementRow(long[][] v, boolean[][] s, int i) {
    int last = v[i].length - 1;
    int withheld = 0;
    for (int j = 0; j <= last; j++) {
      withheld += s[i][j] ? 1 : 0;
    }
    if (withheld != 1) {
      return false;
    }
    int pick = -1;
    for (int j = 0; j < last; j++) {
      if (!s[i][j] && v[i][j] > 0 && (pick < 0 || v[i][j] < v[i][pick])) {
        pick = j;
      }
    }
    return withhold(s[i], pick < 0 ? last : pick);
  }

  private static boolean complementColumn(long[][] v, boolean[][] s, int j) {
    int last = v.length - 1;
    int withheld = 0;
    for (int i = 0; i <= last; i++) {
      withheld += s[i][j] ? 1 : 0;
    }
    if (withheld != 1) {
      return false;
    }
    int pick = -1;
    for (int i = 0; i < last; i++) {
      if (!s[i][j] && v[i][j] > 0 && (pick < 0 || v[i][j] < v[pick][j])) {
        pick = i;
      }
    }
    int row = pick < 0 ? last : pick;
    if (s[row][j]) {
      throw new IllegalStateException("column " + j + " has one withheld cell and no candidate");
    }
    s[row][j] = true;
    return true;
  }

  private static boolean withhold(boolean[] row, int j) {
    if (row[j]) {
      throw new IllegalStateException("a row has one withheld cell and no candidate");
    }
    row[j] = true;
    return true;
  }

  private static long[][] deepCopy(long[][] a) {
    return Arrays.stream(a).map(long[]::clone).toArray(long[][]::new);
  }

  private static boolean[][] deepCopy(boolean[][] a) {
    boolean[][] out = new boolean[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }
}
