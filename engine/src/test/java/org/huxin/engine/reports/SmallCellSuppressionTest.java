package org.huxin.engine.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SmallCellSuppressionTest {

  @Test
  void apply_sevenStudentCell_suppressesItAndAComplementInItsRowAndColumn() {
    long[][] counts = {
      {40, 35, 7, 22},
      {38, 41, 30, 25},
      {50, 12, 33, 28},
    };

    SmallCellSuppression.Result r = SmallCellSuppression.apply(counts);

    assertTrue(r.isPrimary(0, 2));
    assertTrue(r.isSuppressed(0, 2));
    assertNull(r.cell(0, 2).count());
    // its row: the smallest other non-zero cell, 22, not the row total
    assertTrue(r.isSuppressed(0, 3));
    assertFalse(r.isSuppressed(0, 4));
    // its column: the smallest other cell, 30
    assertTrue(r.isSuppressed(1, 2));
    // and the column of 22 then needs a partner too, so no line has a single withheld cell
    assertNoLineWithOneSuppressed(r);
    assertEquals(4, r.suppressedCount());
    assertTrue(r.isSuppressed(1, 3));
  }

  @Test
  void apply_noSmallCells_suppressesNothing() {
    SmallCellSuppression.Result r = SmallCellSuppression.apply(new long[][] {{10, 20}, {30, 40}});

    assertEquals(0, r.suppressedCount());
    assertEquals(100, r.cell(2, 2).count());
    assertEquals(30, r.cell(0, 2).count());
    assertEquals(40, r.cell(2, 0).count());
  }

  @Test
  void apply_zeroCells_shownAndNeverPickedAsComplement() {
    SmallCellSuppression.Result r =
        SmallCellSuppression.apply(new long[][] {{0, 5, 20}, {0, 30, 40}, {12, 14, 16}});

    assertFalse(r.isSuppressed(0, 0));
    assertEquals(0, r.cell(0, 0).count());
    assertTrue(r.isSuppressed(0, 1));
    assertTrue(r.isSuppressed(0, 2), "row partner is 20, not the zero");
    assertNoLineWithOneSuppressed(r);
  }

  @Test
  void apply_smallMarginalTotal_isPrimary() {
    SmallCellSuppression.Result r = SmallCellSuppression.apply(new long[][] {{3, 4}, {30, 40}});

    assertTrue(r.isPrimary(0, 2), "row total 7 is itself a small count");
    assertTrue(r.isSuppressed(0, 0));
    assertTrue(r.isSuppressed(0, 1));
    assertNoLineWithOneSuppressed(r);
  }

  @Test
  void apply_onlyOtherCellsZero_suppressesTheLineTotal() {
    // 5 is withheld, 30 and 15 are its partners; column 1 and row 0 then hold a zero as their only
    // other cell, so their totals are withheld instead
    SmallCellSuppression.Result r = SmallCellSuppression.apply(new long[][] {{15, 0}, {5, 30}});

    assertTrue(r.isSuppressed(1, 0));
    assertFalse(r.isSuppressed(0, 1));
    assertTrue(r.isSuppressed(2, 1), "column total of [0, 30]");
    assertTrue(r.isSuppressed(0, 2), "row total of [15, 0]");
    assertNoLineWithOneSuppressed(r);
  }

  @Test
  void apply_leavesItsArgumentAlone() {
    long[][] counts = {{7, 20}, {30, 40}};
    SmallCellSuppression.apply(counts);
    assertArrayEquals(new long[] {7, 20}, counts[0]);
  }

  @Test
  void apply_raggedTable() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SmallCellSuppression.apply(new long[][] {{1, 2}, {3}}));
    assertTrue(e.getMessage().contains("row 1 has 1 cells"), e.getMessage());
  }

  @Test
  void apply_negativeCount() {
    assertThrows(
        IllegalArgumentException.class, () -> SmallCellSuppression.apply(new long[][] {{-1}}));
  }

  @Test
  void rate_withheldInput_isWithheld() {
    ReportRate r =
        SmallCellSuppression.rate(
            new ReportCell[] {ReportCell.of(12), ReportCell.SUPPRESSED}, ReportCell.of(100));
    assertTrue(r.suppressed());
    assertNull(r.value());
    assertTrue(SmallCellSuppression.rate(new ReportCell[0], ReportCell.SUPPRESSED).suppressed());
  }

  @Test
  void rate_shownInputs_roundedShare() {
    ReportRate r =
        SmallCellSuppression.rate(
            new ReportCell[] {ReportCell.of(12), ReportCell.of(10)}, ReportCell.of(300));
    assertEquals(0.0733, r.value());
    assertEquals(ReportRate.NONE, SmallCellSuppression.rate(new ReportCell[0], ReportCell.of(0)));
  }

  /** Every row and column of the extended grid has zero or at least two withheld cells. */
  static void assertNoLineWithOneSuppressed(SmallCellSuppression.Result r) {
    for (int i = 0; i <= r.rows(); i++) {
      int n = 0;
      for (int j = 0; j <= r.columns(); j++) {
        n += r.isSuppressed(i, j) ? 1 : 0;
      }
      assertTrue(n != 1, "row " + i + " has exactly one withheld cell");
    }
    for (int j = 0; j <= r.columns(); j++) {
      int n = 0;
      for (int i = 0; i <= r.rows(); i++) {
        n += r.isSuppressed(i, j) ? 1 : 0;
      }
      assertTrue(n != 1, "column " + j + " has exactly one withheld cell");
    }
  }
}
