package org.huxin.engine.scoring;

import static org.huxin.engine.scoring.Answers.MISSING;
import static org.huxin.engine.scoring.Sheet.fired;
import static org.huxin.engine.scoring.Sheet.flags;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.huxin.engine.norms.NormBasis;
import org.huxin.engine.norms.Normal;
import org.huxin.engine.results.NormText;
import org.huxin.scales.LocalizedText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * K10 as published: ten items 1–5, raw 10–50; Chinese school bands ≤ 19 none, 20–24 mild, 25–29
 * moderate, ≥ 30 severe (default tiers: 25–29 key, ≥ 30 close); one blank is prorated, more make
 * the result invalid; T and percentile from the Chinese student norm by sex (k10-cn-2023@2.0.0:
 * girls 21.43 ± 7.35, boys 21.06 ± 7.36, pooled across ages), the percentile approximate.
 */
class K10ScoringTest {

  private static ScoredResult k10(int raw) throws AnswerRejectedException {
    return Sheet.of("g7-9").total("k10", raw).score();
  }

  /** T under k10-cn-2023@2.0.0 for the sex: girls 21.43 ± 7.35, boys 21.06 ± 7.36. */
  private static double t(int raw, char sex) {
    return sex == 'F' ? 50 + 10 * (raw - 21.43) / 7.35 : 50 + 10 * (raw - 21.06) / 7.36;
  }

  @Test
  void score_minimum() throws AnswerRejectedException {
    ScoredResult result = k10(10);
    ScaleScore k10 = result.scale("k10");
    assertEquals(10, k10.raw());
    assertEquals("none", k10.band());
    assertEquals(Tier.ROUTINE, result.tier());
    assertEquals(t(10, 'M'), k10.t(), 1e-9);
    assertEquals(Normal.percentile((10 - 21.06) / 7.36), k10.percentile(), 1e-9);
    assertEquals("k10-cn-2023@2.0.0", result.normVersion());
    assertEquals(
        new NormBasis(
            "k10-cn-2023@2.0.0",
            LocalizedText.of("全国常模（9–18岁、分性别）", "National norm (ages 9–18, by sex)"),
            true,
            NormBasis.Bound.MIN),
        k10.norm());
    // the normal curve cannot place a score piled at the bound: no percentile text for it
    assertEquals("T 35 / 最低分 · 全国常模（9–18岁、分性别）", NormText.of(k10, "zh-CN"));
    assertEquals("T 35 / lowest score · National norm (ages 9–18, by sex)", NormText.of(k10, "en"));
  }

  @Test
  void score_maximum() throws AnswerRejectedException {
    ScoredResult result = k10(50);
    assertEquals("severe", result.scale("k10").band());
    assertEquals(Tier.CLOSE, result.tier());
    assertEquals(List.of("close_k10_total", "key_t70"), fired(result));
    assertEquals(t(50, 'M'), result.scale("k10").t(), 1e-9);
    assertEquals(NormBasis.Bound.MAX, result.scale("k10").norm().bound());
    assertEquals("T 89 / 最高分 · 全国常模（9–18岁、分性别）", NormText.of(result.scale("k10"), "zh-CN"));
  }

  @ParameterizedTest(name = "K10 {0} is {1}, tier {2}")
  @CsvSource({
    "19, none, ROUTINE",
    "20, mild, ROUTINE",
    "24, mild, ROUTINE",
    "25, moderate, KEY",
    "29, moderate, KEY",
    "30, severe, CLOSE"
  })
  void score_chineseSchoolBands(int raw, String band, Tier tier) throws AnswerRejectedException {
    for (Respondent who : List.of(Sheet.BOY_GRADE_8, new Respondent(8, 'F'))) {
      ScoredResult result = Sheet.of("g7-9").total("k10", raw).score(who);
      assertEquals(raw, result.scale("k10").raw());
      assertEquals(band, result.scale("k10").band());
      assertEquals(tier, result.tier(), "the norm never moves a K10 cut-off band");
    }
  }

  @Test
  void score_tNormedBothSides() throws AnswerRejectedException {
    ScaleScore at30 = k10(30).scale("k10");
    assertEquals(62.15, at30.t(), 0.01);
    assertEquals(88.78, at30.percentile(), 0.01);
    assertEquals("T 62 / 约P89 · 全国常模（9–18岁、分性别）", NormText.of(at30, "zh-CN"));
    // T ≥ 70 from 35.78 for boys: K10 36 and up, already tier 2 by its total
    assertEquals(List.of("close_k10_total"), fired(k10(35)));
    ScoredResult at36 = k10(36);
    assertEquals(List.of("close_k10_total", "key_t70"), fired(at36));
    assertEquals(
        "K10 T = 70.3 (≥ 70): normed T ≥ 70, two SD or more worse than the norm; second-stage"
            + " check",
        at36.firedRules().get(1).explanationEn());
  }

  @Test
  void score_normedBySexPooledAcrossAges() throws AnswerRejectedException {
    ScaleScore boy8 = Sheet.of("g7-9").total("k10", 27).score(Sheet.BOY_GRADE_8).scale("k10");
    ScaleScore boy11 =
        Sheet.of("g10-12").total("k10", 27).score(new Respondent(11, 'M')).scale("k10");
    ScaleScore girl8 = Sheet.of("g7-9").total("k10", 27).score(new Respondent(8, 'F')).scale("k10");
    ScaleScore girl11 =
        Sheet.of("g10-12").total("k10", 27).score(new Respondent(11, 'F')).scale("k10");
    assertEquals(boy8, boy11, "the paper gives no figures by age: pooled across ages");
    assertEquals(girl8, girl11);
    assertEquals(t(27, 'M'), boy8.t(), 1e-9);
    assertEquals(t(27, 'F'), girl8.t(), 1e-9);
    assertNotEquals(boy8.t(), girl8.t());
  }

  @Test
  void score_approximatePercentilesShownOnlyBetweenP5AndP95() throws AnswerRejectedException {
    // girls: raw 11 is z = −1.42, P7.8; raw 12 P10; raw 34 z = 1.71, P95.6 (over 95); raw 49 P99.99
    assertEquals("约P8", NormText.of(girl(11), "zh-CN").split(" ")[3]);
    assertEquals("约P>95", NormText.of(girl(34), "zh-CN").split(" ")[3]);
    assertEquals("~P>95", NormText.of(girl(49), "en").split(" ")[3]);
    assertEquals("约P<5", NormText.percentile(4.9, true, NormBasis.Bound.NONE, "zh-CN"));
    assertEquals("约P5", NormText.percentile(5.0, true, NormBasis.Bound.NONE, "zh-CN"));
    assertEquals("约P95", NormText.percentile(95.0, true, NormBasis.Bound.NONE, "zh-CN"));
    assertEquals("P3", NormText.percentile(3.2, false, NormBasis.Bound.MIN, "zh-CN"));
  }

  private static ScaleScore girl(int raw) throws AnswerRejectedException {
    return Sheet.of("g7-9").total("k10", raw).score(new Respondent(8, 'F')).scale("k10");
  }

  @Test
  void score_noNormOutsideItsBands() throws AnswerRejectedException {
    ScaleScore grade6 =
        Sheet.of("g7-9").total("k10", 27).score(new Respondent(6, 'F')).scale("k10");
    assertFalse(grade6.normed());
    assertEquals(27, grade6.raw());
  }

  @Test
  void score_oneBlankProrated() throws AnswerRejectedException {
    ScoredResult result = Sheet.of("g7-9").all("k10", 3).item("k10", 4, MISSING).score();
    assertEquals(30, result.scale("k10").raw());
    assertEquals(Validity.QUESTIONABLE, result.validity());
    assertEquals(
        List.of(
            new ValidityFlag(
                "missing:k10",
                Validity.QUESTIONABLE,
                "K10 有 1 题未答，总分已按比例折算",
                "1 item of K10 blank; total prorated")),
        result.validityFlags());
    assertEquals(Tier.CLOSE, result.tier());
  }

  @Test
  void score_proratedRoundsHalfUp() throws AnswerRejectedException {
    // item 10 answered 1 and then left blank: nine items sum to total − 1, scaled by 10 / 9
    assertEquals(
        26,
        Sheet.of("g7-9")
            .total("k10", 24)
            .item("k10", 10, MISSING)
            .score()
            .scale("k10")
            .raw()); // 23 × 10 / 9 = 25.6
    assertEquals(
        24,
        Sheet.of("g7-9")
            .total("k10", 23)
            .item("k10", 10, MISSING)
            .score()
            .scale("k10")
            .raw()); // 22 × 10 / 9 = 24.4
  }

  @Test
  void score_twoBlanksInvalid() throws AnswerRejectedException {
    ScoredResult result =
        Sheet.of("g7-9").all("k10", 2).item("k10", 1, MISSING).item("k10", 2, MISSING).score();
    assertEquals(20, result.scale("k10").raw());
    assertEquals(Validity.INVALID, result.validity());
    assertEquals(List.of("missing:k10"), flags(result));
    assertEquals(
        "2 items of K10 blank, more than the 1 allowed",
        result.validityFlags().get(0).explanationEn());
  }
}
