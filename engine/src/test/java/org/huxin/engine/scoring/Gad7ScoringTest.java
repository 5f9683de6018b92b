package org.huxin.engine.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GAD-7 as published: sum 0–21; 5/10/15 = mild, moderate, severe; default tiers ≥ 15 close, 10–14
 * key.
 */
class Gad7ScoringTest {

  private static ScoredResult gad7(int total) throws AnswerRejectedException {
    return Sheet.of("g4-6").total("gad7", total).score();
  }

  @Test
  void score_minimum() throws AnswerRejectedException {
    ScoredResult result = gad7(0);
    assertEquals(0, result.scale("gad7").raw());
    assertEquals("minimal", result.scale("gad7").band());
    assertEquals(Tier.ROUTINE, result.tier());
  }

  @Test
  void score_maximum() throws AnswerRejectedException {
    // grades 7–12; a grade 4–6 result names the score range instead (PrimaryWordingRulesTest)
    ScoredResult result = Sheet.of("g7-9").total("gad7", 21).score();
    assertEquals(21, result.scale("gad7").raw());
    assertEquals("severe", result.scale("gad7").band());
    assertEquals(Tier.CLOSE, result.tier());
    assertEquals(
        List.of(
            new FiredRule(
                "close_gad7_total",
                Tier.CLOSE,
                "GAD-7 总分 = 21（≥ 15）：重度焦虑症状，数日内约谈",
                "GAD-7 total = 21 (≥ 15): severe anxiety symptoms; interview within days")),
        result.firedRules());
  }

  @ParameterizedTest(name = "GAD-7 total {0} is {1}, tier {2}")
  @CsvSource({
    "4, minimal, ROUTINE",
    "5, mild, ROUTINE",
    "9, mild, ROUTINE",
    "10, moderate, KEY",
    "14, moderate, KEY",
    "15, severe, CLOSE"
  })
  void score_cutOffBoundaries(int total, String band, Tier tier) throws AnswerRejectedException {
    ScoredResult result = gad7(total);
    assertEquals(total, result.scale("gad7").raw());
    assertEquals(band, result.scale("gad7").band());
    assertEquals(tier, result.tier());
    assertEquals(0, result.scale("phq9").raw());
  }

  @Test
  void score_moderateExplained() throws AnswerRejectedException {
    FiredRule rule = Sheet.of("g7-9").total("gad7", 10).score().firedRules().get(0);
    assertEquals("key_gad7_total", rule.ruleId());
    assertEquals(
        "GAD-7 total = 10 (10–14): moderate anxiety symptoms; second-stage check",
        rule.explanation("en"));
  }
}
