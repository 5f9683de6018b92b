package org.huxin.engine.norms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.huxin.engine.norms.LocalNormBuilder.RefusedCell;
import org.huxin.scales.LocalizedText;
import org.huxin.scales.NormCell;
import org.huxin.scales.NormSet;
import org.huxin.scales.ScaleLibrary;
import org.huxin.scales.SchoolBand;
import org.junit.jupiter.api.Test;

class LocalNormBuilderTest {

  private static final ScaleLibrary LIBRARY = ScaleLibrary.loadDefault();
  private static final LocalizedText TITLE = LocalizedText.of("本地常模", "Local norms");

  private static LocalNormBuilder.Outcome build(LocalNormBuilder builder) {
    return builder.build("city-2025", "3", TITLE, "window 7, 2025-09", "built from window 7");
  }

  @Test
  void build_meanSdAndMidRankPercentiles() {
    LocalNormBuilder builder = new LocalNormBuilder(LIBRARY, 4);
    for (int raw : new int[] {10, 12, 12, 14, 20}) {
      builder.add(SchoolBand.G7_9, 'F', "k10", raw);
    }
    for (int raw : new int[] {11, 13, 15, 17}) {
      builder.add(SchoolBand.G7_9, 'M', "k10", raw);
    }
    NormSet set = build(builder).normSet().orElseThrow();
    assertEquals("city-2025@3", set.label());
    assertEquals("window 7, 2025-09", set.citation());
    NormCell girls = set.cells().get(0);
    assertEquals("k10 7-9 F", girls.key());
    assertEquals(5, girls.n());
    assertEquals(13.6, girls.mean(), 1e-12);
    assertEquals(Math.sqrt(59.2 / 4), girls.sd(), 1e-12);
    assertFalse(girls.pooled());
    assertEquals(10, girls.table().from());
    assertEquals(50, girls.table().to());
    assertEquals(10.0, girls.table().percentile(10), 1e-12); // 0 below, 1 equal → 0.5 / 5
    assertEquals(20.0, girls.table().percentile(11), 1e-12);
    assertEquals(40.0, girls.table().percentile(12), 1e-12); // 1 below, 2 equal → 2 / 5
    assertEquals(90.0, girls.table().percentile(20), 1e-12);
    assertEquals(100.0, girls.table().percentile(50), 1e-12);
    assertEquals(4, set.cells().get(1).n());
  }

  @Test
  void build_refusesSmallCellsAndReportsThem() {
    LocalNormBuilder builder = new LocalNormBuilder(LIBRARY, 3);
    builder.add(SchoolBand.G10_12, 'F', "k10", 20);
    builder.add(SchoolBand.G10_12, 'F', "k10", 22);
    builder.add(SchoolBand.G10_12, 'F', "k10", 30);
    builder.add(SchoolBand.G10_12, 'M', "k10", 18);
    LocalNormBuilder.Outcome outcome = build(builder);
    assertEquals(1, outcome.normSet().orElseThrow().cells().size());
    assertEquals(
        List.of(new RefusedCell("k10", SchoolBand.G10_12, 'M', 1, "n 1 is below the minimum 3")),
        outcome.refused());
  }

  @Test
  void build_reportsTheSexNobodyAnswered() {
    LocalNormBuilder builder = new LocalNormBuilder(LIBRARY, 2);
    builder.add(SchoolBand.G1_3, 'F', "psc17-parent_att", 3);
    builder.add(SchoolBand.G1_3, 'F', "psc17-parent_att", 5);
    LocalNormBuilder.Outcome outcome = build(builder);
    assertEquals(
        List.of(
            new RefusedCell(
                "psc17-parent_att", SchoolBand.G1_3, 'M', 0, "n 0 is below the minimum 2")),
        outcome.refused());
    NormCell cell = outcome.normSet().orElseThrow().cells().get(0);
    assertEquals(0, cell.table().from());
    assertEquals(10, cell.table().to());
  }

  @Test
  void build_refusesSdZero() {
    LocalNormBuilder builder = new LocalNormBuilder(LIBRARY, 2);
    for (int i = 0; i < 5; i++) {
      builder.add(SchoolBand.G4_6, 'M', "phq9", 0);
      builder.add(SchoolBand.G4_6, 'F', "phq9", i);
    }
    LocalNormBuilder.Outcome outcome = build(builder);
    assertEquals(
        List.of(
            new RefusedCell("phq9", SchoolBand.G4_6, 'M', 5, "all 5 scores are 0, so the SD is 0")),
        outcome.refused());
  }

  @Test
  void build_nothingAccepted() {
    LocalNormBuilder builder = new LocalNormBuilder(LIBRARY, 30);
    builder.add(SchoolBand.G4_6, 'F', "who5", 12);
    LocalNormBuilder.Outcome outcome = build(builder);
    assertTrue(outcome.normSet().isEmpty());
    assertEquals(2, outcome.refused().size());
  }

  @Test
  void build_cellForABandTheBatteriesLack() {
    LocalNormBuilder builder = new LocalNormBuilder(LIBRARY, 2);
    builder.add(SchoolBand.G4_6, 'F', "k10", 12);
    builder.add(SchoolBand.G4_6, 'F', "k10", 18);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> build(builder));
    assertEquals(
        "norm set city-2025: cell k10 4-6 F: no battery for grades 4-6 asks K10", e.getMessage());
  }

  @Test
  void add_unknownTargetOrRange() {
    LocalNormBuilder builder = new LocalNormBuilder(LIBRARY, 2);
    assertEquals(
        "no scale or subscale sdq",
        assertThrows(
                IllegalArgumentException.class, () -> builder.add(SchoolBand.G4_6, 'F', "sdq", 3))
            .getMessage());
    assertEquals(
        "k10 raw 9 is outside 10–50",
        assertThrows(
                IllegalArgumentException.class, () -> builder.add(SchoolBand.G7_9, 'F', "k10", 9))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> new LocalNormBuilder(LIBRARY, 1));
    assertThrows(
        IllegalArgumentException.class, () -> new NormObservation(SchoolBand.G7_9, 'X', "k10", 12));
  }

  @Property(tries = 200)
  void build_matchesDirectStatistics(
      @ForAll @Size(min = 2, max = 200) List<@IntRange(min = 10, max = 50) Integer> raws) {
    Double first = null;
    boolean varied = false;
    List<NormObservation> observations = new ArrayList<>();
    double sum = 0;
    for (int raw : raws) {
      observations.add(new NormObservation(SchoolBand.G10_12, 'M', "k10", raw));
      sum += raw;
      varied |= first != null && first != raw;
      first = first == null ? (double) raw : first;
    }
    LocalNormBuilder.Outcome outcome = build(new LocalNormBuilder(LIBRARY, 2).addAll(observations));
    if (!varied) {
      assertTrue(outcome.normSet().isEmpty());
      return;
    }
    double mean = sum / raws.size();
    double squares = 0;
    for (int raw : raws) {
      squares += (raw - mean) * (raw - mean);
    }
    NormCell cell = outcome.normSet().orElseThrow().cells().get(0);
    assertEquals(raws.size(), cell.n());
    assertEquals(mean, cell.mean(), 1e-9);
    assertEquals(Math.sqrt(squares / (raws.size() - 1)), cell.sd(), 1e-9);
    for (int raw = 10; raw <= 50; raw++) {
      int below = 0;
      int equal = 0;
      for (int r : raws) {
        below += r < raw ? 1 : 0;
        equal += r == raw ? 1 : 0;
      }
      assertEquals(100.0 * (below + equal / 2.0) / raws.size(), cell.table().percentile(raw), 1e-9);
    }
  }
}
