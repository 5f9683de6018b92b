package org.huxin.engine.scoring;

import static org.huxin.engine.scoring.Answers.MISSING;
import static org.huxin.engine.scoring.Sheet.fired;
import static org.huxin.engine.scoring.Sheet.flags;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.huxin.scales.CrisisLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PSC-17 as published (MGH scoring instructions): 17 items 0/1/2, total 0–34, ≥ 15 positive;
 * internalizing ≥ 5, attention ≥ 7, externalizing ≥ 7; blanks score 0 and four or more make the
 * form invalid. The Simplified-Chinese teacher form's total cut-off is 17. Parent form normed on
 * the US reference sample. The local proxy item's yes is a crisis.
 */
class Psc17ScoringTest {

  /** Form item numbers of each subscale (the item text is checked in the scales module). */
  private static final int[] INT = {2, 6, 9, 11, 15};

  private static final int[] ATT = {1, 3, 7, 13, 17};
  private static final int[] EXT = {4, 5, 8, 10, 12, 14, 16};

  /** A form whose subscales sum to {@code in}, {@code at} and {@code ex}, 2s first. */
  private static Sheet psc(String form, int in, int at, int ex) {
    Sheet sheet = Sheet.of("g1-3-" + form);
    fill(sheet, form, INT, in);
    fill(sheet, form, ATT, at);
    fill(sheet, form, EXT, ex);
    return sheet;
  }

  private static void fill(Sheet sheet, String form, int[] numbers, int sum) {
    for (int number : numbers) {
      int value = Math.min(2, sum);
      sheet.item("psc17-" + form, number, value);
      sum -= value;
    }
    if (sum != 0) {
      throw new IllegalArgumentException("too large a sum");
    }
  }

  private static ScoredResult parent(int in, int at, int ex) throws AnswerRejectedException {
    return psc("parent", in, at, ex).score();
  }

  @Test
  void score_minimum() throws AnswerRejectedException {
    ScoredResult result = parent(0, 0, 0);
    assertEquals(0, result.scale("psc17-parent").raw());
    assertEquals("negative", result.scale("psc17-parent").band());
    for (String sub : List.of("int", "att", "ext")) {
      assertEquals(0, result.subscale("psc17-parent_" + sub).raw());
      assertEquals("negative", result.subscale("psc17-parent_" + sub).band());
    }
    assertEquals(Tier.ROUTINE, result.tier());
    assertEquals(38.01, result.scale("psc17-parent").t(), 0.01);
    assertEquals(11.52, result.scale("psc17-parent").percentile(), 0.01);
    assertEquals("psc17-us-2012@1.0.0", result.normVersion());
  }

  @Test
  void score_maximum() throws AnswerRejectedException {
    ScoredResult result = Sheet.of("g1-3-parent").all("psc17-parent", 2).score();
    assertEquals(34, result.scale("psc17-parent").raw());
    assertEquals(10, result.subscale("psc17-parent_int").raw());
    assertEquals(10, result.subscale("psc17-parent_att").raw());
    assertEquals(14, result.subscale("psc17-parent_ext").raw());
    assertEquals(List.of("key_psc17_parent", "key_t70"), fired(result));
    assertEquals(Tier.KEY, result.tier());
  }

  @Test
  void score_totalCutOff() throws AnswerRejectedException {
    ScoredResult below = parent(4, 5, 5);
    assertEquals(14, below.scale("psc17-parent").raw());
    assertEquals(Tier.ROUTINE, below.tier());
    ScoredResult at = parent(4, 6, 5);
    assertEquals("positive", at.scale("psc17-parent").band());
    assertEquals(List.of("key_psc17_parent"), fired(at));
    assertEquals(
        "PSC-17 总分 = 15（≥ 15）：家长评定 PSC-17 达到界值，进入二次筛查", at.firedRules().get(0).explanationZh());
  }

  @ParameterizedTest(name = "{0} at {1} is {2}")
  @CsvSource({
    "int, 4, negative",
    "int, 5, positive",
    "att, 6, negative",
    "att, 7, positive",
    "ext, 6, negative",
    "ext, 7, positive"
  })
  void score_subscaleCutOffs(String sub, int raw, String band) throws AnswerRejectedException {
    ScoredResult result =
        parent(
            sub.equals("int") ? raw : 0, sub.equals("att") ? raw : 0, sub.equals("ext") ? raw : 0);
    SubscaleScore score = result.subscale("psc17-parent_" + sub);
    assertEquals(raw, score.raw());
    assertEquals(band, score.band());
    assertEquals(band.equals("positive"), fired(result).contains("key_psc17_parent"));
  }

  @Test
  void score_subscaleExplained() throws AnswerRejectedException {
    FiredRule rule = parent(0, 7, 0).firedRules().get(0);
    assertEquals(
        "PSC-17 Attention = 7 (≥ 7): parent-rated PSC-17 at or over a cut-off; second-stage check",
        rule.explanationEn());
  }

  @Test
  void score_subscaleT() throws AnswerRejectedException {
    ScoredResult result = parent(5, 0, 0);
    SubscaleScore in = result.subscale("psc17-parent_int");
    assertEquals(50 + 10 * (5 - 1.27) / 1.71, in.t(), 1e-9);
    assertEquals(List.of("key_psc17_parent", "key_t70"), fired(result));
    assertEquals(
        "PSC-17 内化问题 T = 71.8（≥ 70）：常模 T 分 ≥ 70，比常模均值差 2 个标准差以上，进入二次筛查",
        result.firedRules().get(1).explanationZh());
    assertFalse(fired(parent(4, 0, 0)).contains("key_t70"));
  }

  @Test
  void score_teacherFormCutOff17() throws AnswerRejectedException {
    ScoredResult sixteen = psc("teacher", 4, 6, 6).score();
    assertEquals(16, sixteen.scale("psc17-teacher").raw());
    assertEquals("negative", sixteen.scale("psc17-teacher").band());
    assertEquals(Tier.ROUTINE, sixteen.tier());
    ScoredResult seventeen = psc("teacher", 4, 6, 7).score();
    assertEquals(17, seventeen.scale("psc17-teacher").raw());
    assertEquals("positive", seventeen.scale("psc17-teacher").band());
    assertEquals(List.of("key_psc17_teacher"), fired(seventeen));
    assertEquals(
        "PSC-17 总分 = 17（≥ 17）：教师评定 PSC-17 总分达到中文教师版界值 17（Liu 等，2024），进入二次筛查",
        seventeen.firedRules().get(0).explanationZh());
    assertFalse(seventeen.scale("psc17-teacher").normed());
    assertEquals("none", seventeen.normVersion());
  }

  @Test
  void score_teacherSubscalesReferenceOnly() throws AnswerRejectedException {
    // Liu J et al. 2024 validated the teacher form's total only; its subscale bands stay as scores
    ScoredResult result = psc("teacher", 5, 7, 0).score();
    assertEquals(12, result.scale("psc17-teacher").raw());
    assertEquals("positive", result.subscale("psc17-teacher_int").band());
    assertEquals("positive", result.subscale("psc17-teacher_att").band());
    assertEquals(Tier.ROUTINE, result.tier());
    assertEquals(List.of(), fired(result));
    assertEquals(Tier.KEY, psc("parent", 5, 0, 0).score().tier());
  }

  @Test
  void score_fifteenPositiveOnParentFormOnly() throws AnswerRejectedException {
    assertEquals(Tier.KEY, parent(4, 6, 5).tier());
    assertEquals(Tier.ROUTINE, psc("teacher", 4, 6, 5).score().tier());
  }

  @Test
  void score_everyItemCountsInItsSubscale() throws AnswerRejectedException {
    for (int[] group : new int[][] {INT, ATT, EXT}) {
      String sub = group == INT ? "int" : group == ATT ? "att" : "ext";
      for (int number : group) {
        ScoredResult result = Sheet.of("g1-3-parent").item("psc17-parent", number, 2).score();
        assertEquals(2, result.subscale("psc17-parent_" + sub).raw(), sub + " item " + number);
        assertEquals(2, result.scale("psc17-parent").raw());
      }
    }
  }

  @Test
  void score_threeBlanksScoreZero() throws AnswerRejectedException {
    ScoredResult result =
        psc("parent", 2, 2, 2)
            .item("psc17-parent", 2, MISSING)
            .item("psc17-parent", 1, MISSING)
            .item("psc17-parent", 4, MISSING)
            .score();
    assertEquals(0, result.scale("psc17-parent").raw());
    assertEquals(Validity.QUESTIONABLE, result.validity());
    assertEquals(
        "3 items of PSC-17 blank; scored 0", result.validityFlags().get(0).explanationEn());
  }

  @Test
  void score_fourBlanksInvalidButCrisisStands() throws AnswerRejectedException {
    ScoredResult result =
        Sheet.of("g1-3-parent")
            .item("psc17-parent", 1, MISSING)
            .item("psc17-parent", 2, MISSING)
            .item("psc17-parent", 3, MISSING)
            .item("psc17-parent", 4, MISSING)
            .item("selfharm-proxy", 1, 1)
            .score();
    assertEquals(Validity.INVALID, result.validity());
    assertEquals(List.of("missing:psc17-parent"), flags(result));
    assertEquals("PSC-17 有 4 题未答，超过允许的 3 题", result.validityFlags().get(0).explanationZh());
    assertTrue(result.crisis());
  }

  @Test
  void score_proxyTalkYesIsCrisis() throws AnswerRejectedException {
    for (String form : List.of("parent", "teacher")) {
      ScoredResult result = Sheet.of("g1-3-" + form).item("selfharm-proxy", 1, 1).score();
      assertTrue(result.crisis(), form);
      assertEquals(CrisisLevel.SERIOUS, result.crisisLevel(), form);
      assertEquals(
          List.of(
              new FiredRule(
                  "crisis_selfharm_proxy_talk",
                  Tier.CRISIS,
                  CrisisLevel.SERIOUS,
                  "SH-proxy 第1题 = 1“是”（= 1）：评定人报告孩子最近一个月说过想伤害自己或不想活了的话，严重危机：当天在校内处理",
                  "SH-proxy item 1 = 1 \"Yes\" (= 1): the rater reports the child has talked about"
                      + " hurting themselves or not wanting to live in the past month; serious"
                      + " crisis: act within the school day")),
          result.firedRules(),
          form);
    }
  }

  @Test
  void score_proxyActYesIsCrisis() throws AnswerRejectedException {
    for (String form : List.of("parent", "teacher")) {
      ScoredResult result = Sheet.of("g1-3-" + form).item("selfharm-proxy", 2, 1).score();
      assertTrue(result.crisis(), form);
      assertEquals(CrisisLevel.SERIOUS, result.crisisLevel(), form);
      assertEquals(
          List.of(
              new FiredRule(
                  "crisis_selfharm_proxy_act",
                  Tier.CRISIS,
                  CrisisLevel.SERIOUS,
                  "SH-proxy 第2题 = 1“是”（= 1）：评定人报告孩子最近一个月做过伤害自己的事，严重危机：当天在校内处理",
                  "SH-proxy item 2 = 1 \"Yes\" (= 1): the rater reports the child has done"
                      + " something to hurt themselves on purpose in the past month; serious"
                      + " crisis: act within the school day")),
          result.firedRules(),
          form);
    }
  }

  @Test
  void score_proxyTalkAndActYes_bothRulesFire() throws AnswerRejectedException {
    ScoredResult result =
        Sheet.of("g1-3-parent").item("selfharm-proxy", 1, 1).item("selfharm-proxy", 2, 1).score();
    assertEquals(CrisisLevel.SERIOUS, result.crisisLevel());
    assertEquals(
        List.of("crisis_selfharm_proxy_talk", "crisis_selfharm_proxy_act"),
        result.firedRules().stream().map(FiredRule::ruleId).toList());
  }

  @Test
  void score_proxyBothNo_noCrisis() throws AnswerRejectedException {
    ScoredResult result = Sheet.of("g1-3-teacher").score();
    assertFalse(result.crisis());
  }

  @Test
  void score_proxyBlankRejected() {
    AnswerRejectedException e =
        assertThrows(
            AnswerRejectedException.class,
            () -> Sheet.of("g1-3-teacher").item("selfharm-proxy", 1, MISSING).score());
    assertEquals("item 1 of SH-proxy is missing", e.getMessage());
    AnswerRejectedException act =
        assertThrows(
            AnswerRejectedException.class,
            () -> Sheet.of("g1-3-parent").item("selfharm-proxy", 2, MISSING).score());
    assertEquals("item 2 of SH-proxy is missing", act.getMessage());
  }
}
