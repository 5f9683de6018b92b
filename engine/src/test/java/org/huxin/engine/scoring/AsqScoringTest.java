package org.huxin.engine.scoring;

import static org.huxin.engine.scoring.Answers.MISSING;
import static org.huxin.engine.scoring.Sheet.fired;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.huxin.scales.CrisisLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ASQ as the NIMH tool directs: four yes/no items; any yes is a positive screen and item 5 (acuity)
 * is then asked; item 5 yes is an acute positive. Every positive gets a same-day safety assessment
 * (SCALES.md, decided 2026-12-07): tier 3 at a crisis level. Item 5 yes is 重大 (major); a positive
 * with PHQ-9 item 9 ≥ 1 is 严重 (serious); any other positive is 一般 (general). A refusal ("不想回答")
 * counts as yes. Every item is critical.
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
    assertNull(result.crisisLevel());
  }

  @ParameterizedTest(name = "yes to item {0} alone is a general crisis (一般)")
  @ValueSource(ints = {1, 2, 3, 4})
  void score_eachScreeningItemIsGeneralCrisis(int number) throws AnswerRejectedException {
    ScoredResult result = g46().item("asq", number, 1).item("asq", 5, 0).score();
    assertEquals(1, result.scale("asq").raw());
    assertEquals("positive", result.scale("asq").band());
    assertEquals(Tier.CRISIS, result.tier());
    assertEquals(CrisisLevel.GENERAL, result.crisisLevel());
    assertEquals(List.of("crisis_asq_positive"), fired(result));
    assertEquals(
        "ASQ item "
            + number
            + " = 1 \"Yes\" (= 1): positive ASQ screen (a yes or a refusal); general crisis: a"
            + " brief safety assessment before the student goes home",
        result.firedRules().get(0).explanationEn());
  }

  @ParameterizedTest(name = "yes to item {0}, then item 5 yes, is a major crisis (重大)")
  @ValueSource(ints = {1, 2, 3, 4})
  void score_acutePositiveIsMajor(int number) throws AnswerRejectedException {
    ScoredResult result = g46().item("asq", number, 1).item("asq", 5, 1).score();
    assertEquals(2, result.scale("asq").raw());
    assertTrue(result.crisis());
    assertEquals(CrisisLevel.MAJOR, result.crisisLevel());
    assertEquals(List.of("crisis_asq_acute", "crisis_asq_positive"), fired(result));
    assertEquals(
        "ASQ 第5题 = 1“是”（= 1）：此刻有自杀的想法（ASQ 急性阳性），重大危机：立即处理，学生不离视线，心理教师马上到场并通知监护人",
        result.firedRules().get(0).explanationZh());
  }

  @Test
  void score_maximum() throws AnswerRejectedException {
    ScoredResult result = g46().all("asq", 1).score();
    assertEquals(5, result.scale("asq").raw());
    assertEquals(Tier.CRISIS, result.tier());
    assertEquals(CrisisLevel.MAJOR, result.crisisLevel());
    assertEquals(
        "ASQ 第1题 = 1“是”（= 1）；ASQ 第2题 = 1“是”（= 1）；ASQ 第3题 = 1“是”（= 1）；ASQ 第4题 = 1“是”（= 1）"
            + "：ASQ 筛查阳性（回答“是”或“不想回答”），一般危机：学生离校前完成简短安全评估",
        result.firedRules().get(1).explanationZh());
  }

  @Test
  void score_positiveWithPhq9Item9IsSerious() throws AnswerRejectedException {
    ScoredResult result = g46().item("asq", 3, 1).item("asq", 5, 0).item("phq9", 9, 1).score();
    assertTrue(result.crisis());
    assertEquals(CrisisLevel.SERIOUS, result.crisisLevel());
    assertEquals(
        List.of("crisis_asq_phq9_item9", "crisis_asq_positive", "close_phq9_item9"), fired(result));
    assertEquals(
        "ASQ item 3 = 1 \"Yes\" (= 1); PHQ-9 item 9 = 1 \"Several days\" (≥ 1): positive ASQ"
            + " and thoughts of death or self-harm in the last two weeks; serious crisis: act within"
            + " the school day",
        result.firedRules().get(0).explanationEn());
  }

  @ParameterizedTest(name = "a refusal of item {0} is a positive: item 5 is asked, 一般 crisis")
  @ValueSource(ints = {1, 2, 3, 4})
  void score_refusalCountsAsYes(int number) throws AnswerRejectedException {
    ScoredResult result = g46().item("asq", number, Answers.REFUSED).item("asq", 5, 0).score();
    assertEquals(1, result.scale("asq").raw());
    assertEquals(CrisisLevel.GENERAL, result.crisisLevel());
    assertEquals(List.of("crisis_asq_positive"), fired(result));
    assertEquals(
        "ASQ 第" + number + "题 = “不想回答”（按 1 计）（= 1）：ASQ 筛查阳性（回答“是”或“不想回答”），一般危机：学生离校前完成简短安全评估",
        result.firedRules().get(0).explanationZh());
    assertEquals(Validity.QUESTIONABLE, result.validity(), "a refusal is flagged");
    assertEquals(List.of("refused:asq_" + number), Sheet.flags(result));
    assertEquals(
        "ASQ 第" + number + "题选择了“不想回答”，按 1 计", result.validityFlags().get(0).explanationZh());
  }

  @Test
  void score_item5RefusedIsMajor() throws AnswerRejectedException {
    ScoredResult result = g46().item("asq", 1, 1).item("asq", 5, Answers.REFUSED).score();
    assertEquals(CrisisLevel.MAJOR, result.crisisLevel(), "a refused acuity question is acute");
  }

  @Test
  void score_refusedItem5NotAskedIsRejected() {
    AnswerRejectedException e = rejected(g46().item("asq", 5, Answers.REFUSED));
    assertEquals(AnswerRejectedException.Reason.NOT_ASKED, e.reason());
  }

  @Test
  void compactAnswers_refusalRoundTrips() throws AnswerRejectedException {
    Sheet sheet = g46().item("asq", 2, Answers.REFUSED).item("asq", 5, 1);
    CompiledBattery battery = Sheet.ENGINE.battery("g4-6");
    int[] answers = sheet.answers();
    byte[] compact = battery.compactAnswers(answers);
    assertEquals(Answers.COMPACT_REFUSED, compact[sheet.index("asq", 2)] & 0xFF);
    assertArrayEquals(answers, battery.expandAnswers(compact));
    assertEquals(sheet.score(), battery.score(battery.expandAnswers(compact), Sheet.GIRL_GRADE_5));
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
    assertEquals(CrisisLevel.MAJOR, result.crisisLevel());
  }
}
