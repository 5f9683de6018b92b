package org.huxin.engine.scoring;

import static org.huxin.engine.scoring.Sheet.fired;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.huxin.scales.Condition.Comparison;
import org.huxin.scales.Condition.Op;
import org.huxin.scales.Condition.Target;
import org.huxin.scales.LocalizedText;
import org.huxin.scales.ScaleLibrary;
import org.huxin.scales.TierRule;
import org.huxin.scales.TierRuleSet;
import org.junit.jupiter.api.Test;

/** A window that needs other thresholds scores under a variant rule set, chosen by id. */
class RuleVariantsTest {

  @Test
  void shippedVariant_adolescentPhq9CutOff() throws AnswerRejectedException {
    ScoringEngine engine = ScoringEngine.compile(Sheet.LIBRARY, "adolescent-phq9-11");
    assertEquals("adolescent-phq9-11", engine.ruleSetId());
    CompiledBattery g79 = engine.battery("g7-9");
    int[] ten = Sheet.of("g7-9").total("phq9", 10).answers();
    int[] eleven = Sheet.of("g7-9").total("phq9", 11).answers();
    assertEquals(Tier.ROUTINE, g79.score(ten, Sheet.BOY_GRADE_8).tier());
    ScoredResult key = g79.score(eleven, Sheet.BOY_GRADE_8);
    assertEquals(List.of("key_phq9_total"), fired(key));
    assertEquals("2.0.0", key.ruleSetVersion());
    assertEquals(
        "PHQ-9 total = 11 (11–14): PHQ-9 ≥ 11, at the adolescent depression screening"
            + " cut-off; second-stage check",
        key.firedRules().get(0).explanationEn());
    assertEquals(Tier.KEY, Sheet.of("g7-9").total("phq9", 10).score().tier());
  }

  @Test
  void shippedVariant_keepsEveryCrisisRule() throws AnswerRejectedException {
    CompiledBattery g46 =
        ScoringEngine.compile(Sheet.LIBRARY, "adolescent-phq9-11").battery("g4-6");
    int[] acute = Sheet.of("g4-6").item("asq", 1, 1).item("asq", 5, 1).answers();
    assertEquals(Tier.CRISIS, g46.score(acute, Sheet.GIRL_GRADE_5).tier());
  }

  @Test
  void windowVariant_raisesK10Threshold() throws AnswerRejectedException {
    TierRuleSet base = Sheet.LIBRARY.ruleSet(TierRuleSet.DEFAULT_ID);
    TierRuleSet window =
        base.variant(
            "window-2025-k10",
            "1",
            LocalizedText.of("2025 窗口", "2025 window"),
            "district psychologist's choice",
            List.of(
                new TierRule(
                    "close_k10_total",
                    2,
                    LocalizedText.of("{facts}：重度", "{facts}: severe"),
                    Comparison.of(Target.SCALE, "k10", Op.GE, 32))),
            Set.of("key_t70"));
    ScaleLibrary library = Sheet.LIBRARY.withRuleSet(window);
    CompiledBattery g79 = ScoringEngine.compile(library, "window-2025-k10").battery("g7-9");
    assertEquals(
        List.of("key_k10_total"),
        fired(g79.score(Sheet.of("g7-9").total("k10", 29).answers(), Sheet.BOY_GRADE_8)));
    assertEquals(
        List.of(),
        fired(g79.score(Sheet.of("g7-9").total("k10", 31).answers(), Sheet.BOY_GRADE_8)));
    assertEquals(
        List.of("close_k10_total"),
        fired(g79.score(Sheet.of("g7-9").total("k10", 45).answers(), Sheet.BOY_GRADE_8)));
    assertEquals("default", library.ruleSet("window-2025-k10").extendsId());
  }

  @Test
  void windowVariant_moreThan64Rules() throws AnswerRejectedException {
    TierRuleSet base = Sheet.LIBRARY.ruleSet(TierRuleSet.DEFAULT_ID);
    List<TierRule> rules = new ArrayList<>(base.rules());
    List<String> firedAt20 = new ArrayList<>(List.of("close_phq9_item9"));
    for (int n = 0; n < 60; n++) {
      int threshold = 10 + n % 20;
      rules.add(
          new TierRule(
              "extra_k10_" + n,
              1,
              LocalizedText.of("{facts}", "{facts}"),
              Comparison.of(Target.SCALE, "k10", Op.GE, threshold)));
      if (threshold <= 20) {
        firedAt20.add("extra_k10_" + n);
      }
    }
    TierRuleSet many = new TierRuleSet("many", "1", LocalizedText.of("多", "many"), rules);
    CompiledBattery g79 =
        ScoringEngine.compile(Sheet.LIBRARY.withRuleSet(many), "many").battery("g7-9");
    assertTrue(g79.ruleCount() > 64);
    int[] answers = Sheet.of("g7-9").total("k10", 20).item("phq9", 9, 1).answers();
    ScoredResult result = g79.score(answers, Sheet.BOY_GRADE_8);
    assertEquals(firedAt20, fired(result));
    assertEquals(Tier.CLOSE, result.tier());
    assertEquals(
        "K10 total = 20 (≥ 15)",
        result.firedRules().get(firedAt20.indexOf("extra_k10_5")).explanationEn());
  }

  @Test
  void windowVariant_mustNameWhatTheLibraryHas() {
    TierRuleSet bad =
        new TierRuleSet(
            "bad",
            "1",
            LocalizedText.of("坏", "bad"),
            List.of(
                new TierRule(
                    "key_sdq",
                    1,
                    LocalizedText.of("{facts}", "{facts}"),
                    Comparison.of(Target.SCALE, "sdq", Op.GE, 1))));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Sheet.LIBRARY.withRuleSet(bad));
    assertEquals("rule key_sdq: names unknown scale sdq", e.getMessage());
  }

  @Test
  void checkRuleSetFits_adolescentSetRefusesPrimaryBands() {
    ScoringEngine adolescent = ScoringEngine.compile(Sheet.LIBRARY, "adolescent-phq9-11");
    adolescent.checkRuleSetFits(List.of("g7-9", "g10-12"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> adolescent.checkRuleSetFits(List.of("g4-6", "g7-9")));
    assertEquals(
        "rule set adolescent-phq9-11 (青少年 PHQ-9 界值 11（13–17 岁，仅用于初中和高中）) is only for"
            + " grade bands 7-9, 10-12; it cannot score band 4-6",
        e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> adolescent.checkRuleSetFits(List.of("g1-3-teacher")));
    Sheet.ENGINE.checkRuleSetFits(Sheet.ENGINE.batteryIds());
  }
}
