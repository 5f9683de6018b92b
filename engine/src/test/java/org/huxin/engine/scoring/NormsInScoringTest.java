package org.huxin.engine.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.huxin.engine.norms.LocalNormBuilder;
import org.huxin.scales.LocalizedText;
import org.huxin.scales.NormCell;
import org.huxin.scales.NormSet;
import org.huxin.scales.SchoolBand;
import org.junit.jupiter.api.Test;

/** A battery applies the norm sets it was compiled with and records them in every result. */
class NormsInScoringTest {

  private static final LocalizedText TITLE = LocalizedText.of("本地常模", "Local norms");

  private static NormSet k10(String id, SchoolBand band, double mean, double sd) {
    return new NormSet(
        id,
        "1",
        TITLE,
        "test",
        "",
        List.of(
            new NormCell("k10", band, 'F', 100, mean, sd, false, null),
            new NormCell("k10", band, 'M', 100, mean, sd, false, null)));
  }

  @Test
  void compile_withoutNorms() throws AnswerRejectedException {
    ScoringEngine engine = ScoringEngine.compile(Sheet.LIBRARY, "default", List.of());
    ScoredResult result =
        engine
            .battery("g7-9")
            .score(Sheet.of("g7-9").total("k10", 30).answers(), Sheet.BOY_GRADE_8);
    assertEquals("none", result.normVersion());
    assertFalse(result.scale("k10").normed());
  }

  @Test
  void withNorms_rescoresStoredAnswers() throws AnswerRejectedException {
    CompiledBattery shipped = Sheet.ENGINE.battery("g7-9");
    byte[] stored = shipped.compactAnswers(Sheet.of("g7-9").total("k10", 30).answers());
    NormSet local = k10("k10-local", SchoolBand.G7_9, 25, 5);
    CompiledBattery rescorer = shipped.withNorms(List.of(local));
    assertEquals("k10-local@1", rescorer.normVersion());
    assertEquals(List.of(local), rescorer.normSets());
    ScoredResult again = rescorer.score(rescorer.expandAnswers(stored), Sheet.BOY_GRADE_8);
    assertEquals(60.0, again.scale("k10").t(), 1e-9);
    assertEquals(84.13, again.scale("k10").percentile(), 0.01);
    assertEquals("k10-local@1", again.normVersion());
    ScoredResult before = shipped.score(shipped.expandAnswers(stored), Sheet.BOY_GRADE_8);
    assertEquals("k10-cn-2023@2.0.0", before.normVersion());
    assertEquals(before.scale("k10").raw(), again.scale("k10").raw());
    assertEquals(before.tier(), again.tier());
  }

  @Test
  void withNorms_newNormCanRaiseTheTier() throws AnswerRejectedException {
    CompiledBattery battery =
        Sheet.ENGINE.battery("g7-9").withNorms(List.of(k10("k10-calm", SchoolBand.G7_9, 12, 2)));
    ScoredResult result =
        battery.score(Sheet.of("g7-9").total("k10", 19).answers(), Sheet.BOY_GRADE_8);
    assertEquals(85.0, result.scale("k10").t(), 1e-9);
    assertEquals(List.of("key_t70"), Sheet.fired(result));
  }

  @Test
  void compile_normsForABandTheBatteriesLack() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ScoringEngine.compile(
                    Sheet.LIBRARY, "default", List.of(k10("k10-young", SchoolBand.G4_6, 18, 8))));
    assertEquals(
        "norm set k10-young: cell k10 4-6 F: no battery for grades 4-6 asks K10", e.getMessage());
  }

  @Test
  void compile_twoSetsForOneCell() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Sheet.ENGINE.withNorms(
                    List.of(
                        Sheet.LIBRARY.normSet("k10-cn-2023"),
                        k10("k10-local", SchoolBand.G7_9, 25, 5))));
    assertEquals("norm sets k10-cn-2023@2.0.0 and k10-local@1 both norm k10 7-9 F", e.getMessage());
  }

  @Test
  void library_liveNormsNeverTwoForOneCell() {
    // 1.0.0 and 2.0.0 both norm K10 in every cell: only 2.0.0 is live, 1.0.0 is retired
    assertEquals(
        List.of("k10-cn-2023@2.0.0", "psc17-us-2012@1.0.0"),
        Sheet.ENGINE.normSets().stream().map(NormSet::label).toList());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Sheet.ENGINE.withNorms(
                    List.of(
                        Sheet.LIBRARY.normSet("k10-cn-2023"),
                        Sheet.LIBRARY.findNormSet("k10-cn-2023@1.0.0").orElseThrow())));
    assertEquals(
        "norm sets k10-cn-2023@2.0.0 and k10-cn-2023@1.0.0 both norm k10 7-9 F", e.getMessage());
  }

  @Test
  void retiredNorms_stillScoreTheirOldResults() throws AnswerRejectedException {
    NormSet pooled = Sheet.LIBRARY.findNormSet("k10-cn-2023@1.0.0").orElseThrow();
    CompiledBattery old = Sheet.ENGINE.battery("g7-9").withNorms(List.of(pooled));
    ScoredResult result = old.score(Sheet.of("g7-9").total("k10", 10).answers(), Sheet.BOY_GRADE_8);
    assertEquals("k10-cn-2023@1.0.0", result.normVersion());
    assertEquals(50 + 10 * (10 - 21.5) / 9.2, result.scale("k10").t(), 1e-9);
    assertEquals(10.56, result.scale("k10").percentile(), 0.01, "the stored number is kept");
    assertEquals("合并常模（9–18岁、男女合并）", result.scale("k10").norm().label().get(LocalizedText.ZH_CN));
  }

  @Test
  void localNorms_percentilesAreEmpirical() throws AnswerRejectedException {
    List<Double> table = new java.util.ArrayList<>();
    for (int raw = 10; raw <= 50; raw++) {
      table.add(raw == 10 ? 12.5 : Math.min(100, 25.0 + raw));
    }
    NormCell cell =
        new NormCell(
            "k10",
            SchoolBand.G7_9,
            'M',
            400,
            20,
            6,
            false,
            new org.huxin.scales.PercentileTable(10, table));
    NormSet local =
        new NormSet(
            "local-w1",
            "1.0.0",
            TITLE,
            LocalizedText.of("本地常模（2025秋季）", "Local norm (2025 autumn)"),
            "window 1",
            "",
            List.of(cell));
    ScoredResult result =
        Sheet.ENGINE
            .battery("g7-9")
            .withNorms(List.of(local))
            .score(Sheet.of("g7-9").total("k10", 10).answers(), Sheet.BOY_GRADE_8);
    ScaleScore k10 = result.scale("k10");
    assertEquals(12.5, k10.percentile());
    assertFalse(k10.norm().approximate());
    assertEquals("T 33 / P13 · 本地常模（2025秋季）", org.huxin.engine.results.NormText.of(k10, "zh-CN"));
  }

  @Test
  void localNorms_endToEnd() throws AnswerRejectedException {
    LocalNormBuilder builder = new LocalNormBuilder(Sheet.LIBRARY, 30);
    CompiledBattery g79 = Sheet.ENGINE.battery("g7-9");
    for (int i = 0; i < 40; i++) {
      Respondent who = new Respondent(7 + i % 3, i % 2 == 0 ? 'F' : 'M');
      ScoredResult result = g79.score(Sheet.of("g7-9").total("k10", 12 + i % 9).answers(), who);
      for (ScaleScore score : result.scales()) {
        builder.add(SchoolBand.ofGrade(who.grade()), who.sex(), score.scaleId(), score.raw());
      }
    }
    LocalNormBuilder.Outcome outcome =
        builder.build("window-42", "1", TITLE, "window 42, autumn 2025", "");
    assertTrue(outcome.normSet().isEmpty(), "20 per sex is below 30");
    assertEquals(12, outcome.refused().size());

    LocalNormBuilder lenient = new LocalNormBuilder(Sheet.LIBRARY, 10);
    for (int i = 0; i < 40; i++) {
      lenient.add(SchoolBand.G7_9, i % 2 == 0 ? 'F' : 'M', "k10", 12 + i % 9);
    }
    NormSet local = lenient.build("window-42", "1", TITLE, "window 42", "").normSet().orElseThrow();
    CompiledBattery rescorer = g79.withNorms(List.of(local));
    ScoredResult result =
        rescorer.score(Sheet.of("g7-9").total("k10", 16).answers(), new Respondent(8, 'F'));
    assertEquals("window-42@1", result.normVersion());
    assertEquals(55.0, result.scale("k10").percentile(), 1e-9); // (10 below + 2 / 2) / 20
  }
}
