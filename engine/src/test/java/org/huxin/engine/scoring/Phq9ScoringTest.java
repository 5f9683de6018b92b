package org.huxin.engine.scoring;

import static org.huxin.engine.scoring.Sheet.fired;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.huxin.scales.CrisisLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PHQ-9 as published: sum 0–27; 5/10/15/20 = mild, moderate, moderately severe, severe; and the
 * default tiers from SCALES.md: item 9 ≥ 2 crisis, item 9 = 1 or total ≥ 15 close, 10–14 key.
 */
class Phq9ScoringTest {

  /** PHQ-9 items 1–8 summing to {@code first8}, item 9 as given, the rest of g4-6 calm. */
  static Sheet phq9(int first8, int item9) {
    return Sheet.of("g4-6").total("phq9", first8).item("phq9", 9, item9);
  }

  @Test
  void score_minimum() throws AnswerRejectedException {
    ScoredResult result = Sheet.of("g4-6").score();
    ScaleScore phq9 = result.scale("phq9");
    assertEquals(0, phq9.raw());
    assertEquals(0, phq9.scaled());
    assertEquals("minimal", phq9.band());
    assertEquals(Tier.ROUTINE, result.tier());
    assertFalse(result.crisis());
    assertEquals(Validity.VALID, result.validity());
    assertEquals(List.of(), result.firedRules());
    assertFalse(phq9.normed());
    assertEquals("none", result.normVersion());
    assertEquals("2.0.0", result.batteryVersion());
    assertEquals("4.0.0", result.ruleSetVersion());
  }

  @Test
  void score_maximum() throws AnswerRejectedException {
    ScoredResult result = Sheet.of("g4-6").all("phq9", 3).score();
    assertEquals(27, result.scale("phq9").raw());
    assertEquals("severe", result.scale("phq9").band());
    assertEquals(Tier.CRISIS, result.tier());
    assertTrue(result.crisis());
    assertEquals(List.of("crisis_phq9_item9", "close_phq9_total"), fired(result));
  }

  @ParameterizedTest(name = "PHQ-9 total {0} is {1}, tier {2}")
  @CsvSource({
    "4, minimal, ROUTINE",
    "5, mild, ROUTINE",
    "9, mild, ROUTINE",
    "10, moderate, KEY",
    "14, moderate, KEY",
    "15, moderately_severe, CLOSE",
    "19, moderately_severe, CLOSE",
    "20, severe, CLOSE",
    "24, severe, CLOSE"
  })
  void score_cutOffBoundaries(int total, String band, Tier tier) throws AnswerRejectedException {
    ScoredResult result = phq9(total, 0).score();
    assertEquals(total, result.scale("phq9").raw());
    assertEquals(band, result.scale("phq9").band());
    assertEquals(tier, result.tier());
  }

  @ParameterizedTest(name = "item 9 = {0} alone gives {1}")
  @CsvSource({"0, ROUTINE", "1, CLOSE", "2, CRISIS", "3, CRISIS"})
  void score_item9Tiers(int item9, Tier tier) throws AnswerRejectedException {
    ScoredResult result = phq9(0, item9).score();
    assertEquals(tier, result.tier());
    assertEquals(tier == Tier.CRISIS, result.crisis());
    assertEquals(item9, result.scale("phq9").raw());
  }

  @Test
  void score_item9CrisisExplained() throws AnswerRejectedException {
    // grades 7–12 wording; grades 4–6 quote their own option labels (PrimaryWordingRulesTest)
    ScoredResult result = Sheet.of("g7-9").item("phq9", 9, 2).score();
    assertEquals(
        List.of(
            new FiredRule(
                "crisis_phq9_item9",
                Tier.CRISIS,
                CrisisLevel.SERIOUS,
                "PHQ-9 第9题 = 2“一半以上的天数”（≥ 2）：近两周有一半以上的天数想到死或伤害自己，严重危机：当天在校内处理",
                "PHQ-9 item 9 = 2 \"More than half the days\" (≥ 2): thoughts of death or self-harm"
                    + " on more than half the days; serious crisis: act within the school day")),
        result.firedRules());
  }

  @Test
  void score_item9OneExplained() throws AnswerRejectedException {
    FiredRule rule = Sheet.of("g7-9").item("phq9", 9, 1).score().firedRules().get(0);
    assertEquals("close_phq9_item9", rule.ruleId());
    assertEquals(Tier.CLOSE, rule.tier());
    assertEquals(
        "PHQ-9 第9题 = 1“好几天”（= 1）：近两周有几天想到死或伤害自己（ASQ 阴性时），数日内约谈", rule.explanation("zh-CN"));
  }

  @Test
  void score_moderateExplained() throws AnswerRejectedException {
    // grades 7–12; a grade 4–6 result names the score range instead (PrimaryWordingRulesTest)
    ScoredResult result = Sheet.of("g7-9").total("phq9", 12).score();
    assertEquals(
        List.of(
            new FiredRule(
                "key_phq9_total",
                Tier.KEY,
                "PHQ-9 总分 = 12（10–14）：中度抑郁症状，进入二次筛查",
                "PHQ-9 total = 12 (10–14): moderate depressive symptoms; second-stage check")),
        result.firedRules());
  }

  @Test
  void score_highestTierWins() throws AnswerRejectedException {
    ScoredResult result = phq9(12, 2).score();
    assertEquals(14, result.scale("phq9").raw());
    assertEquals(Tier.CRISIS, result.tier());
    assertEquals(List.of("crisis_phq9_item9", "key_phq9_total"), fired(result));
  }

  @Test
  void score_item9OneAndHighTotal() throws AnswerRejectedException {
    ScoredResult result = phq9(15, 1).score();
    assertEquals(16, result.scale("phq9").raw());
    assertEquals(Tier.CLOSE, result.tier());
    assertEquals(List.of("close_phq9_item9", "close_phq9_total"), fired(result));
  }

  @Test
  void score_everyItemCountsOnce() throws AnswerRejectedException {
    for (int number = 1; number <= 8; number++) {
      ScoredResult result = Sheet.of("g4-6").item("phq9", number, 3).score();
      assertEquals(3, result.scale("phq9").raw(), "item " + number);
      assertEquals(Tier.ROUTINE, result.tier(), "item " + number);
    }
  }

  @Test
  void score_sameInEveryStudentBattery() throws AnswerRejectedException {
    ScaleScore g4 = phq9(13, 1).score().scale("phq9");
    for (String id : List.of("g7-9", "g10-12")) {
      ScoredResult other = Sheet.of(id).total("phq9", 13).item("phq9", 9, 1).score();
      assertEquals(g4, other.scale("phq9"), id);
      assertEquals(List.of("close_phq9_item9", "key_phq9_total"), fired(other), id);
    }
  }
}
