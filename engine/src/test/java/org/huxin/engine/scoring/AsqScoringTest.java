package org.huxin.engine.scoring;

import static org.huxin.engine.scoring.Answers.MISSING;
import static org.huxin.engine.scoring.Sheet.fired;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ASQ as the NIMH tool directs: four yes/no items; any yes is a positive screen and item 5 (acuity)
 * is then asked; item 5 yes is an acute positive. Default tiers: acute positive crisis; positive
 * with PHQ-9 item 9 ≥ 1 crisis; non-acute positive close. Every item is critical.
 */
class AsqScoringTest {

  private static Sheet g46() {
    return Sheet.of("g4-6");
  }

  private static AnswerRejectedException rejected(Sheet sheet) {
    return assertThrows(AnswerRejectedException.class, sheet::score);
  }

  @Test
  void score_allNoIsNegative() throws AnswerRejectedException {
    ScoredResult result = g46().score();
    assertEquals(0, result.scale("asq").raw());
    assertEquals("negative", result.scale("asq").band());
    assertEquals(Tier.ROUTINE, result.tier());
  }

  @ParameterizedTest(name = "yes to item {0} alone is a non-acute positive")
  @ValueSource(ints = {1, 2, 3, 4})
  void score_eachScreeningItemNonAcute(int number) throws AnswerRejectedException {
    ScoredResult result = g46().item("asq", number, 1).item("asq", 5, 0).score();
    assertEquals(1, result.scale("asq").raw());
    assertEquals("positive", result.scale("asq").band());
    assertEquals(Tier.CLOSE, result.tier());
    assertEquals(List.of("close_asq_positive"), fired(result));
    assertEquals(
        "ASQ item "
            + number
            + " = 1 \"Yes\" (= 1): positive ASQ screen (non-acute); interview"
            + " within days",
        result.firedRules().get(0).explanationEn());
  }

  @ParameterizedTest(name = "yes to item {0}, then item 5 yes, is acute")
  @ValueSource(ints = {1, 2, 3, 4})
  void score_acutePositive(int number) throws AnswerRejectedException {
    ScoredResult result = g46().item("asq", number, 1).item("asq", 5, 1).score();
    assertEquals(2, result.scale("asq").raw());
    assertTrue(result.crisis());
    assertEquals(List.of("crisis_asq_acute", "close_asq_positive"), fired(result));
    assertEquals(
        "ASQ 第5题 = 1“是”（= 1）：此刻有自杀的想法（ASQ 急性阳性），立即处理", result.firedRules().get(0).explanationZh());
  }

  @Test
  void score_maximum() throws AnswerRejectedException {
    ScoredResult result = g46().all("asq", 1).score();
    assertEquals(5, result.scale("asq").raw());
    assertEquals(Tier.CRISIS, result.tier());
    assertEquals(
        "ASQ 第1题 = 1“是”（= 1）；ASQ 第2题 = 1“是”（= 1）；ASQ 第3题 = 1“是”（= 1）；ASQ 第4题 = 1“是”（= 1）"
            + "：ASQ 筛查阳性（非急性），数日内约谈",
        result.firedRules().get(1).explanationZh());
  }

  @Test
  void score_positiveWithPhq9Item9IsCrisis() throws AnswerRejectedException {
    ScoredResult result = g46().item("asq", 3, 1).item("asq", 5, 0).item("phq9", 9, 1).score();
    assertTrue(result.crisis());
    assertEquals(
        List.of("crisis_asq_phq9_item9", "close_asq_positive", "close_phq9_item9"), fired(result));
    assertEquals(
        "ASQ item 3 = 1 \"Yes\" (= 1); PHQ-9 item 9 = 1 \"Several days\" (≥ 1): positive ASQ"
            + " and thoughts of death or self-harm in the last two weeks; act today",
        result.firedRules().get(0).explanationEn());
  }

  @Test
  void score_phq9Item9OneWithNegativeAsqIsClose() throws AnswerRejectedException {
    assertEquals(Tier.CLOSE, g46().item("phq9", 9, 1).score().tier());
  }

  @Test
  void score_item5NotAskedMustBeBlank() {
    AnswerRejectedException e = rejected(g46().item("asq", 5, 0));
    assertEquals(
        "item 5 of ASQ was not asked (it is asked only when any of items 1, 2, 3, 4 is 1) and"
            + " must be blank",
        e.getMessage());
    assertEquals(AnswerRejectedException.Reason.NOT_ASKED, e.reason());
    assertEquals(25, e.index());
  }

  @Test
  void score_item5NotAskedIsNotMissing() throws AnswerRejectedException {
    ScoredResult result = g46().item("asq", 5, MISSING).score();
    assertEquals(Validity.VALID, result.validity());
    assertEquals(List.of(), result.validityFlags());
  }

  @Test
  void score_item5AskedMustBeAnswered() {
    AnswerRejectedException e = rejected(g46().item("asq", 2, 1));
    assertEquals(
        "item 5 of ASQ is missing; it is asked when any of items 1, 2, 3, 4 is 1 and must then be"
            + " answered",
        e.getMessage());
    assertEquals(AnswerRejectedException.Reason.MISSING, e.reason());
  }

  @ParameterizedTest(name = "critical item {0} may not be blank")
  @ValueSource(ints = {1, 2, 3, 4})
  void score_screeningItemBlank(int number) {
    assertEquals(
        "item " + number + " of ASQ is missing",
        rejected(g46().item("asq", number, MISSING)).getMessage());
  }

  @Test
  void score_sameInSecondarySchool() throws AnswerRejectedException {
    ScoredResult result = Sheet.of("g10-12").item("asq", 4, 1).item("asq", 5, 1).score();
    assertTrue(result.crisis());
    assertEquals("crisis_asq_acute", result.firedRules().get(0).ruleId());
  }
}
