package org.huxin.engine.scoring;

import static org.huxin.engine.scoring.Answers.MISSING;
import static org.huxin.engine.scoring.Sheet.fired;
import static org.huxin.engine.scoring.Sheet.flags;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * K10 as published: ten items 1–5, raw 10–50; Chinese school bands ≤ 19 none, 20–24 mild, 25–29
 * moderate, ≥ 30 severe (default tiers: 25–29 key, ≥ 30 close); one blank is prorated, more make
 * the result invalid; T and percentile from the pooled Chinese student norm (21.5 ± 9.2).
 */
class K10ScoringTest {

  private static ScoredResult k10(int raw) throws AnswerRejectedException {
    return Sheet.of("g7-9").total("k10", raw).score();
  }

  @Test
  void score_minimum() throws AnswerRejectedException {
    ScoredResult result = k10(10);
    ScaleScore k10 = result.scale("k10");
    assertEquals(10, k10.raw());
    assertEquals("none", k10.band());
    assertEquals(Tier.ROUTINE, result.tier());
    assertEquals(50 + 10 * (10 - 21.5) / 9.2, k10.t(), 1e-9);
    assertEquals(10.56, k10.percentile(), 0.01);
    assertEquals("k10-cn-2023@1.0.0", result.normVersion());
  }

  @Test
  void score_maximum() throws AnswerRejectedException {
    ScoredResult result = k10(50);
    assertEquals("severe", result.scale("k10").band());
    assertEquals(Tier.CLOSE, result.tier());
    assertEquals(List.of("close_k10_total", "key_t70"), fired(result));
    assertEquals(80.98, result.scale("k10").t(), 0.01);
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
    ScoredResult result = k10(raw);
    assertEquals(raw, result.scale("k10").raw());
    assertEquals(band, result.scale("k10").band());
    assertEquals(tier, result.tier());
  }

  @Test
  void score_tNormedBothSides() throws AnswerRejectedException {
    ScoredResult at30 = k10(30);
    assertEquals(59.24, at30.scale("k10").t(), 0.01);
    assertEquals(82.22, at30.scale("k10").percentile(), 0.01);
    assertEquals(List.of("close_k10_total"), fired(k10(39)));
    ScoredResult at40 = k10(40);
    assertEquals(List.of("close_k10_total", "key_t70"), fired(at40));
    assertEquals(
        "K10 T = 70.1 (≥ 70): normed T ≥ 70, two SD or more worse than the norm; second-stage"
            + " check",
        at40.firedRules().get(1).explanationEn());
  }

  @Test
  void score_sameNormForEveryPooledCell() throws AnswerRejectedException {
    ScaleScore boy8 = Sheet.of("g7-9").total("k10", 27).score(Sheet.BOY_GRADE_8).scale("k10");
    ScaleScore girl11 =
        Sheet.of("g10-12").total("k10", 27).score(new Respondent(11, 'F')).scale("k10");
    assertEquals(boy8, girl11);
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
