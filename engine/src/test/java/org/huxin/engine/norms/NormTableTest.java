package org.huxin.engine.norms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.huxin.scales.LocalizedText;
import org.huxin.scales.NormCell;
import org.huxin.scales.NormSet;
import org.huxin.scales.PercentileTable;
import org.huxin.scales.SchoolBand;
import org.junit.jupiter.api.Test;

class NormTableTest {

  private static final LocalizedText T = LocalizedText.of("常模", "Norms");
  private static final List<String> TARGETS = List.of("k10", "mood_core");
  private static final int[] LOW = {10, 0};
  private static final int[] HIGH = {50, 4};
  private static final int K10_7_9_F = NormTable.cell(SchoolBand.G7_9, 'F');

  private static NormSet set(String id, NormCell... cells) {
    return new NormSet(id, "2", T, "cite", "", List.of(cells));
  }

  @Test
  void t_fromMeanAndSd() {
    NormTable table =
        NormTable.compile(
            TARGETS,
            LOW,
            HIGH,
            List.of(
                set("k10", new NormCell("k10", SchoolBand.G7_9, 'F', 100, 21.5, 9.2, true, null))));
    assertEquals(50 + 10 * (30 - 21.5) / 9.2, table.t(0, K10_7_9_F, 30), 1e-12);
    assertEquals(100 * Normal.cdf((30 - 21.5) / 9.2), table.percentile(0, K10_7_9_F, 30), 1e-12);
    assertEquals("k10@2", table.label());
    assertTrue(table.normed(0, K10_7_9_F));
    assertTrue(table.normedAnywhere(0));
    assertFalse(table.normedAnywhere(1));
  }

  @Test
  void t_nanOutsideTheCells() {
    NormTable table =
        NormTable.compile(
            TARGETS,
            LOW,
            HIGH,
            List.of(
                set("k10", new NormCell("k10", SchoolBand.G7_9, 'F', 100, 21.5, 9.2, true, null))));
    int boy = NormTable.cell(SchoolBand.G7_9, 'M');
    assertTrue(Double.isNaN(table.t(0, boy, 30)));
    assertTrue(Double.isNaN(table.percentile(0, boy, 30)));
    assertTrue(Double.isNaN(table.t(1, K10_7_9_F, 2)));
  }

  @Test
  void percentile_fromEmpiricalTable() {
    PercentileTable empirical = new PercentileTable(0, List.of(10.0, 35.0, 60.0, 85.0, 97.5));
    NormTable table =
        NormTable.compile(
            TARGETS,
            LOW,
            HIGH,
            List.of(
                set(
                    "local",
                    new NormCell(
                        "mood_core", SchoolBand.G1_3, 'M', 40, 1.8, 1.1, false, empirical))));
    int cell = NormTable.cell(SchoolBand.G1_3, 'M');
    assertEquals(60.0, table.percentile(1, cell, 2));
    assertEquals(97.5, table.percentile(1, cell, 4));
    assertEquals(50 + 10 * (2 - 1.8) / 1.1, table.t(1, cell, 2), 1e-12);
  }

  @Test
  void t_precomputedEqualsTheFormulaBitForBit() {
    NormTable table =
        NormTable.compile(
            TARGETS,
            LOW,
            HIGH,
            List.of(
                set("k10", new NormCell("k10", SchoolBand.G7_9, 'F', 100, 21.7, 9.3, true, null))));
    for (int raw = LOW[0] - 3; raw <= HIGH[0] + 3; raw++) {
      double z = (raw - 21.7) / 9.3;
      assertEquals(
          Double.doubleToRawLongBits(50 + 10 * (raw - 21.7) / 9.3),
          Double.doubleToRawLongBits(table.t(0, K10_7_9_F, raw)),
          "T of raw " + raw);
      assertEquals(
          Double.doubleToRawLongBits(Normal.percentile(z)),
          Double.doubleToRawLongBits(table.percentile(0, K10_7_9_F, raw)),
          "percentile of raw " + raw);
    }
  }

  @Test
  void compile_noSetsIsNone() {
    NormTable table = NormTable.compile(TARGETS, LOW, HIGH, List.of());
    assertEquals("none", table.label());
    assertEquals(List.of(), table.applied());
  }

  @Test
  void compile_setsOfOtherScalesNotApplied() {
    NormSet other =
        set("psc", new NormCell("psc17-parent", SchoolBand.G1_3, 'F', 322, 6.74, 5.62, true, null));
    NormSet k10 = set("k10", new NormCell("k10", SchoolBand.G7_9, 'F', 100, 21.5, 9.2, true, null));
    NormTable table = NormTable.compile(TARGETS, LOW, HIGH, List.of(other, k10));
    assertEquals("k10@2", table.label());
    assertEquals(List.of(k10), table.applied());
  }

  @Test
  void compile_twoSetsJoinedInLabel() {
    NormSet k10 = set("k10", new NormCell("k10", SchoolBand.G7_9, 'F', 100, 21.5, 9.2, true, null));
    NormSet mood =
        set("mood", new NormCell("mood_core", SchoolBand.G7_9, 'F', 100, 2, 1, false, null));
    assertEquals("k10@2+mood@2", NormTable.compile(TARGETS, LOW, HIGH, List.of(k10, mood)).label());
  }

  @Test
  void compile_conflict() {
    NormSet a = set("a", new NormCell("k10", SchoolBand.G7_9, 'F', 100, 21.5, 9.2, true, null));
    NormSet b = set("b", new NormCell("k10", SchoolBand.G7_9, 'F', 50, 20, 9, false, null));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> NormTable.compile(TARGETS, LOW, HIGH, List.of(a, b)));
    assertEquals("norm sets a@2 and b@2 both norm k10 7-9 F", e.getMessage());
  }

  @Test
  void compile_tableShort() {
    PercentileTable shortTable = new PercentileTable(0, List.of(10.0, 50.0, 90.0));
    NormSet set =
        set(
            "local",
            new NormCell("mood_core", SchoolBand.G1_3, 'M', 40, 1.8, 1.1, false, shortTable));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> NormTable.compile(TARGETS, LOW, HIGH, List.of(set)));
    assertEquals(
        "norm set local: cell mood_core 1-3 M: percentile table covers 0–2 but the range is 0–4",
        e.getMessage());
  }

  @Test
  void cell_bandAndSex() {
    assertEquals(0, NormTable.cell(SchoolBand.G1_3, 'F'));
    assertEquals(1, NormTable.cell(SchoolBand.G1_3, 'M'));
    assertEquals(7, NormTable.cell(SchoolBand.G10_12, 'M'));
  }
}
