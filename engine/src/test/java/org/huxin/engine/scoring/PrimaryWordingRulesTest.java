package org.huxin.engine.scoring;

import static org.huxin.engine.scoring.Sheet.fired;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A grade 4–6 result stores its fired rules in the battery's primary text variant: the score range
 * (分数段), never a diagnosis-like word (SCALES.md, Norms: grades 4–6); the same answers on grades 7–9
 * keep the adult wording.
 */
class PrimaryWordingRulesTest {

  private static ScoredResult moodAndWorry(String battery) throws AnswerRejectedException {
    return Sheet.of(battery).total("phq9", 12).total("gad7", 16).score();
  }

  @Test
  void score_g46FiredTextsNameTheScoreRange() throws AnswerRejectedException {
    ScoredResult result = moodAndWorry("g4-6");
    assertEquals(List.of("close_gad7_total", "key_phq9_total"), fired(result));
    assertEquals(Tier.CLOSE, result.tier());
    for (FiredRule rule : result.firedRules()) {
      String zh = rule.explanationZh();
      assertTrue(zh.contains("分数段"), zh);
      assertFalse(zh.contains("抑郁"), zh);
      assertFalse(zh.contains("焦虑"), zh);
      assertFalse(zh.contains("症状"), zh);
      assertFalse(rule.explanationEn().contains("symptoms"), rule.explanationEn());
    }
    assertEquals(
        "PHQ-9 总分 = 12（10–14）：分数段 10–14，进入二次筛查", result.firedRules().get(1).explanationZh());
    assertEquals(
        "GAD-7 total = 16 (≥ 15): score range 15–21; interview within days",
        result.firedRules().get(0).explanationEn());
  }

  @Test
  void score_g79KeepsAdultWording() throws AnswerRejectedException {
    ScoredResult result = moodAndWorry("g7-9");
    assertEquals(List.of("close_gad7_total", "key_phq9_total"), fired(result));
    assertEquals(
        List.of(
            new FiredRule(
                "close_gad7_total",
                Tier.CLOSE,
                "GAD-7 总分 = 16（≥ 15）：重度焦虑症状，数日内约谈",
                "GAD-7 total = 16 (≥ 15): severe anxiety symptoms; interview within days"),
            new FiredRule(
                "key_phq9_total",
                Tier.KEY,
                "PHQ-9 总分 = 12（10–14）：中度抑郁症状，进入二次筛查",
                "PHQ-9 total = 12 (10–14): moderate depressive symptoms; second-stage check")),
        result.firedRules());
  }

  @Test
  void score_g46WellbeingAndCrisisTexts() throws AnswerRejectedException {
    ScoredResult low = Sheet.of("g4-6").all("who5", 0).score();
    assertEquals(
        "WHO-5 总分 = 0（≤ 7）：分数段 0–7（WHO-5 百分制 ≤ 28），进入二次筛查",
        low.firedRules().get(0).explanationZh());
    // a crisis keeps its full words at every band: it is a safety instruction, not a label; the
    // answer is quoted with the option label the student read
    ScoredResult crisis = Sheet.of("g4-6").item("phq9", 9, 2).score();
    assertEquals(Tier.CRISIS, crisis.tier());
    String option =
        Sheet.LIBRARY
            .scale("phq9")
            .options()
            .get(2)
            .label()
            .get(Sheet.LIBRARY.battery("g4-6").textLocale("zh-CN"));
    assertEquals(
        "PHQ-9 第9题 = 2“" + option + "”（≥ 2）：近两周有一半以上的天数想到死或伤害自己，严重危机：当天在校内处理",
        crisis.firedRules().get(0).explanationZh());
  }
}
