package org.huxin.engine.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Suppression of random tables, including the sparse ones small schools produce. */
class SmallCellSuppressionPropertyTest {

  @Property(tries = 500)
  void apply_noLineHasExactlyOneSuppressedCell(@ForAll("tables") long[][] counts) {
    SmallCellSuppression.Result r = SmallCellSuppression.apply(counts);
    SmallCellSuppressionTest.assertNoLineWithOneSuppressed(r);
  }

  @Property(tries = 500)
  void apply_noSuppressedCellFollowsFromOneLine(@ForAll("tables") long[][] counts) {
    SmallCellSuppression.Result r = SmallCellSuppression.apply(counts);
    for (int i = 0; i <= r.rows(); i++) {
      for (int j = 0; j <= r.columns(); j++) {
        if (!r.isSuppressed(i, j)) {
          continue;
        }
        assertFalse(derivable(r, i, j, true), "cell " + i + "," + j + " from its row");
        assertFalse(derivable(r, i, j, false), "cell " + i + "," + j + " from its column");
      }
    }
  }

  @Property(tries = 500)
  void apply_smallCountsWithheldZerosAndShownValuesTrue(@ForAll("tables") long[][] counts) {
    SmallCellSuppression.Result r = SmallCellSuppression.apply(counts);
    long[][] v = r.values();
    for (int i = 0; i <= r.rows(); i++) {
      for (int j = 0; j <= r.columns(); j++) {
        if (v[i][j] > 0 && v[i][j] < SmallCellSuppression.K) {
          assertTrue(r.isSuppressed(i, j), "small count at " + i + "," + j);
        }
        if (v[i][j] == 0) {
          assertFalse(r.isSuppressed(i, j), "zero at " + i + "," + j);
        }
        if (!r.isSuppressed(i, j)) {
          assertEquals(v[i][j], r.cell(i, j).count());
        } else {
          assertEquals(null, r.cell(i, j).count());
        }
      }
    }
    for (int i = 0; i < r.rows(); i++) {
      long sum = 0;
      for (int j = 0; j < r.columns(); j++) {
        sum += counts[i][j];
      }
      assertEquals(sum, v[i][r.columns()]);
    }
  }

  /**
   * Whether the line through {@code (i, j)} (its row or column) knows every other cell, so that the
   * cell follows by subtraction: from the line's total if the cell is inside, or as the sum of the
   * inside if the cell is the total.
   */
  private static boolean derivable(SmallCellSuppression.Result r, int i, int j, boolean row) {
    int length = row ? r.columns() + 1 : r.rows() + 1;
    for (int k = 0; k < length; k++) {
      int ii = row ? i : k;
      int jj = row ? k : j;
      if ((ii != i || jj != j) && r.isSuppressed(ii, jj)) {
        return false;
      }
    }
    return true;
  }

  @Provide
  Arbitrary<long[][]> tables() {
    Arbitrary<Long> cell =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, Arbitraries.just(0L)),
            net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(1, 9)),
            net.jqwik.api.Tuple.of(5, Arbitraries.longs().between(10, 200)));
    return Arbitraries.integers()
        .between(1, 12)
        .flatMap(
            rows ->
                Arbitraries.integers()
                    .between(1, 8)
                    .flatMap(
                        columns ->
                            cell.array(long[].class)
                                .ofSize(columns)
                                .array(long[][].class)
                                .ofSize(rows)));
  }
}
