package org.huxin.engine.scoring;

import static org.huxin.engine.scoring.Answers.MISSING;
import static org.huxin.engine.scoring.Answers.REFUSED;
import static org.huxin.engine.scoring.Sheet.fired;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.huxin.scales.Condition.Comparison;
import org.huxin.scales.Condition.Op;
import org.huxin.scales.Condition.Target;
import org.huxin.scales.CrisisLevel;
import org.huxin.scales.LocalizedText;
import org.huxin.scales.ScaleLibrary;
import org.huxin.scales.TierRule;
import org.huxin.scales.TierRuleSet;
import org.junit.jupiter.api.Test;

/**
 * What keeps a crisis answer from being lost or lowered: the compile-time floor on ASQ item 5,
 * PHQ-9 item 9 ≥ 2 and the proxy's yes; PHQ-9 item 9 refusals; the crisis signal of a partial sheet
 * (a draft); and the salvage of a sheet that cannot be scored whole.
 */
class CrisisGuardsTest {

  private static final ScaleLibrary LIBRARY = Sheet.LIBRARY;
  private static final TierRuleSet DEFAULT = LIBRARY.ruleSet(TierRuleSet.DEFAULT_ID);
  private static final LocalizedText T = LocalizedText.of("变体", "variant");

  private static ScoringEngine compileVariant(TierRule... replaced) {
    TierRuleSet variant =
        DEFAULT.variant("district-x", "1", T, "", Map.of(), List.of(replaced), Set.of());
    return ScoringEngine.compile(LIBRARY.withRuleSet(variant), "district-x");
  }

  private static TierRule rule(String id, int tier, CrisisLevel level, Comparison when) {
    return new TierRule(id, tier, level, LocalizedText.of("{facts}", "{facts}"), when);
  }

  @Test
  void compile_asqItem5BelowTier3_refused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                compileVariant(
                    rule(
                        "crisis_asq_acute",
                        2,
                        null,
                        Comparison.of(Target.ITEM, "asq_5", Op.EQ, 1))));
    assertEquals(
        "battery g4-6: under rule set district-x, ASQ item 5 = 1 is not certainly tier 3; its"
            + " scale file makes every answer from 1 a crisis, which a rule set may not lower",
        e.getMessage());
  }

  @Test
  void compile_phq9Item9ThresholdRaisedTo3_refused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                compileVariant(
                    rule(
                        "crisis_phq9_item9",
                        3,
                        CrisisLevel.SERIOUS,
                        Comparison.of(Target.ITEM, "phq9_9", Op.GE, 3))));
    assertTrue(e.getMessage().contains("PHQ-9 item 9 = 2 is not certainly tier 3"), e.getMessage());
  }

  @Test
  void compile_proxyYesMadeCloseAttention_refused() {
    for (int item = 1; item <= 2; item++) {
      String rule = item == 1 ? "crisis_selfharm_proxy_talk" : "crisis_selfharm_proxy_act";
      int number = item;
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  compileVariant(
                      rule(
                          rule,
                          2,
                          null,
                          Comparison.of(Target.ITEM, "selfharm-proxy_" + number, Op.EQ, 1))));
      assertTrue(
          e.getMessage().contains("SH-proxy item " + number + " = 1 is not certainly tier 3"),
          e.getMessage());
    }
  }

  @Test
  void compile_crisisHiddenBehindAnotherCondition_refused() {
    // ASQ item 5 yes is a crisis only with a high PHQ-9 total: not certain, so refused.
    TierRuleSet variant =
        DEFAULT.variant(
            "tangled",
            "1",
            T,
            "",
            Map.of(),
            List.of(
                new TierRule(
                    "crisis_asq_acute",
                    3,
                    CrisisLevel.MAJOR,
                    LocalizedText.of("{facts}", "{facts}"),
                    new org.huxin.scales.Condition.All(
                        List.of(
                            Comparison.of(Target.ITEM, "asq_5", Op.EQ, 1),
                            Comparison.of(Target.SCALE, "phq9", Op.GE, 10))))),
            Set.of());
    assertThrows(
        IllegalArgumentException.class,
        () -> ScoringEngine.compile(LIBRARY.withRuleSet(variant), "tangled"));
  }

  @Test
  void compile_thresholdsAndEscalationTimesMayChange() {
    TierRuleSet variant =
        DEFAULT.variant(
            "faster",
            "1",
            T,
            "",
            Map.of(CrisisLevel.GENERAL, Duration.ofMinutes(60)),
            List.of(
                rule("close_phq9_total", 2, null, Comparison.of(Target.SCALE, "phq9", Op.GE, 13))),
            Set.of());
    ScoringEngine engine = ScoringEngine.compile(LIBRARY.withRuleSet(variant), "faster");
    assertEquals(Duration.ofMinutes(60), engine.battery("g7-9").escalateAfter(CrisisLevel.GENERAL));
    assertEquals(Duration.ofMinutes(10), engine.battery("g7-9").escalateAfter(CrisisLevel.MAJOR));
  }

  @Test
  void score_phq9Item9RefusedCountsAsOneAndIsFlagged() throws AnswerRejectedException {
    ScoredResult negativeAsq = Sheet.of("g7-9").item("phq9", 9, REFUSED).score();
    assertEquals(Tier.CLOSE, negativeAsq.tier());
    assertEquals(List.of("close_phq9_item9"), fired(negativeAsq));
    assertEquals(List.of("refused:phq9_9"), Sheet.flags(negativeAsq));
    assertEquals(Validity.QUESTIONABLE, negativeAsq.validity());
    assertEquals(
        "PHQ-9 item 9 = \"I'd rather not answer\" (counted as 1) (= 1): thoughts of death or"
            + " self-harm on several days (with a negative ASQ); interview within days",
        negativeAsq.firedRules().get(0).explanationEn());

    ScoredResult positiveAsq =
        Sheet.of("g7-9").item("phq9", 9, REFUSED).item("asq", 1, 1).item("asq", 5, 0).score();
    assertEquals(CrisisLevel.SERIOUS, positiveAsq.crisisLevel());
  }

  @Test
  void crisisSignal_draftWithOnlyAnAsqYes_isGeneral() {
    CompiledBattery battery = Sheet.ENGINE.battery("g7-9");
    int[] draft = blank(battery);
    draft[Sheet.of("g7-9").index("asq", 1)] = 1;
    CrisisSignal signal = battery.crisisSignal(draft);
    assertEquals(CrisisLevel.GENERAL, signal.level());
    assertEquals(List.of("crisis_asq_positive"), signal.ruleIds());
  }

  @Test
  void crisisSignal_levelsOnPartialSheets() {
    CompiledBattery battery = Sheet.ENGINE.battery("g7-9");
    Sheet at = Sheet.of("g7-9");
    int[] draft = blank(battery);
    assertFalse(battery.crisisSignal(draft).crisis(), "an empty draft");

    draft[at.index("phq9", 9)] = 1;
    assertFalse(battery.crisisSignal(draft).crisis(), "item 9 = 1 alone waits for the ASQ answers");
    draft[at.index("phq9", 9)] = 2;
    assertEquals(CrisisLevel.SERIOUS, battery.crisisSignal(draft).level());

    draft[at.index("asq", 3)] = REFUSED;
    draft[at.index("asq", 5)] = 1;
    CrisisSignal major = battery.crisisSignal(draft);
    assertEquals(CrisisLevel.MAJOR, major.level());
    assertTrue(major.ruleIds().containsAll(List.of("crisis_asq_acute", "crisis_asq_positive")));

    int[] garbage = blank(battery);
    garbage[at.index("asq", 1)] = 7;
    garbage[at.index("gad7", 1)] = REFUSED;
    assertFalse(battery.crisisSignal(garbage).crisis(), "unreadable values read as blank");
  }

  @Test
  void crisisSignal_scaleRuleCountsOnceTheScaleIsComplete() {
    TierRuleSet variant =
        DEFAULT.variant(
            "phq-total",
            "1",
            T,
            "",
            Map.of(),
            List.of(
                rule(
                    "crisis_phq9_severe",
                    3,
                    CrisisLevel.SERIOUS,
                    Comparison.of(Target.SCALE, "phq9", Op.GE, 24))),
            Set.of());
    CompiledBattery battery =
        ScoringEngine.compile(LIBRARY.withRuleSet(variant), "phq-total").battery("g7-9");
    Sheet at = Sheet.of("g7-9");
    int[] draft = blank(battery);
    for (int n = 1; n <= 8; n++) {
      draft[at.index("phq9", n)] = 3;
    }
    assertFalse(battery.crisisSignal(draft).crisis(), "PHQ-9 not complete");
    draft[at.index("phq9", 9)] = 0;
    assertEquals(List.of("crisis_phq9_severe"), battery.crisisSignal(draft).ruleIds());
  }

  @Test
  void salvage_blankItemWithCrisisAnswer_storedInvalidAtItsLevel() {
    CompiledBattery battery = Sheet.ENGINE.battery("g7-9");
    Sheet sheet = Sheet.of("g7-9").item("asq", 2, 1).item("asq", 5, 0).item("phq9", 3, MISSING);
    AnswerRejectedException why = assertThrows(AnswerRejectedException.class, sheet::score);

    Optional<ScoredResult> salvaged =
        battery.salvage(sheet.answers(), null, Sheet.BOY_GRADE_8, why.getMessage());

    ScoredResult result = salvaged.orElseThrow();
    assertEquals(Tier.CRISIS, result.tier());
    assertEquals(CrisisLevel.GENERAL, result.crisisLevel());
    assertEquals(Validity.INVALID, result.validity());
    assertTrue(Sheet.flags(result).contains("incomplete"), Sheet.flags(result).toString());
    assertTrue(
        result.validityFlags().stream()
            .anyMatch(f -> f.explanationZh().contains("item 3 of PHQ-9 is missing")),
        result.validityFlags().toString());
    int[] readable = battery.readable(sheet.answers());
    assertEquals(MISSING, readable[sheet.index("phq9", 3)], "the blank is stored as blank");
  }

  @Test
  void salvage_outOfRangeValueNextToAProxyYes_storedInvalid() {
    CompiledBattery battery = Sheet.ENGINE.battery("g1-3-parent");
    for (int item = 1; item <= 2; item++) {
      Sheet sheet =
          Sheet.of("g1-3-parent").item("selfharm-proxy", item, 1).item("psc17-parent", 2, 9);
      AnswerRejectedException why = assertThrows(AnswerRejectedException.class, sheet::score);
      ScoredResult result =
          battery
              .salvage(sheet.answers(), null, Sheet.GIRL_GRADE_2, why.getMessage())
              .orElseThrow();
      assertEquals(CrisisLevel.SERIOUS, result.crisisLevel(), "proxy item " + item);
      assertEquals(Validity.INVALID, result.validity(), "proxy item " + item);
    }
  }

  @Test
  void salvage_noCrisisAnswer_theRejectionStands() {
    CompiledBattery battery = Sheet.ENGINE.battery("g7-9");
    Sheet sheet = Sheet.of("g7-9").item("phq9", 3, MISSING);
    assertTrue(
        battery.salvage(sheet.answers(), null, Sheet.BOY_GRADE_8, "item 3 missing").isEmpty());
    assertTrue(battery.salvage(new int[3], null, Sheet.BOY_GRADE_8, "too short").isEmpty());
  }

  @Test
  void result_escalationTimeOfItsLevel() throws AnswerRejectedException {
    CompiledBattery battery = Sheet.ENGINE.battery("g7-9");
    ScoredResult major = Sheet.of("g7-9").item("asq", 1, 1).item("asq", 5, 1).score();
    ScoredResult routine = Sheet.of("g7-9").score();
    assertEquals(600, battery.escalateAfterSeconds(major));
    assertEquals(0, battery.escalateAfterSeconds(routine));
    assertNull(routine.crisisLevel());
  }

  private static int[] blank(CompiledBattery battery) {
    int[] out = new int[battery.itemCount()];
    Arrays.fill(out, MISSING);
    return out;
  }
}
