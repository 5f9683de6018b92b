package org.huxin.engine.scoring;

import static org.huxin.engine.scoring.Sheet.fired;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * WHO-5 as published: five items 0–5, raw 0–25, percentage score = raw × 4; ≤ 50 % poor wellbeing,
 * ≤ 28 % likely depression. Higher is better, so the default key tier fires at raw ≤ 7.
 */
class Who5ScoringTest {

  private static ScoredResult who5(int raw) throws AnswerRejectedException {
    return Sheet.of("g4-6").total("who5", raw).score();
  }

  @Test
  void score_minimum() throws AnswerRejectedException {
    // grades 7–12; a grade 4–6 result names the score range instead (PrimaryWordingRulesTest)
    ScoredResult result = Sheet.of("g7-9").all("who5", 0).score();
    ScaleScore who5 = result.scale("who5");
    assertEquals(0, who5.raw());
    assertEquals(0, who5.scaled());
    assertEquals("likely_depression", who5.band());
    assertEquals(List.of("key_who5_low"), fired(result));
    assertEquals(
        "WHO-5 总分 = 0（≤ 7）：身心健康很差（WHO-5 百分制 ≤ 28），进入二次筛查",
        result.firedRules().get(0).explanationZh());
  }

  @Test
  void score_maximum() throws AnswerRejectedException {
    ScoredResult result = Sheet.of("g4-6").all("who5", 5).score();
    assertEquals(25, result.scale("who5").raw());
    assertEquals(100, result.scale("who5").scaled());
    assertEquals("adequate", result.scale("who5").band());
    assertEquals(Tier.ROUTINE, result.tier());
  }

  @ParameterizedTest(name = "WHO-5 raw {0} = {1} %, {2}, tier {3}")
  @CsvSource({
    "7, 28, likely_depression, KEY",
    "8, 32, poor, ROUTINE",
    "12, 48, poor, ROUTINE",
    "13, 52, adequate, ROUTINE"
  })
  void score_cutOffBoundaries(int raw, int percent, String band, Tier tier)
      throws AnswerRejectedException {
    ScoredResult result = who5(raw);
    assertEquals(raw, result.scale("who5").raw());
    assertEquals(percent, result.scale("who5").scaled());
    assertEquals(band, result.scale("who5").band());
    assertEquals(tier, result.tier());
  }

  @Test
  void score_everyItemRaisesWellbeing() throws AnswerRejectedException {
    for (int number = 1; number <= 5; number++) {
      ScoredResult result = Sheet.of("g4-6").all("who5", 1).item("who5", number, 5).score();
      assertEquals(9, result.scale("who5").raw(), "item " + number);
      assertEquals(Tier.ROUTINE, result.tier(), "item " + number);
    }
  }
}
