package org.huxin.engine.scoring;

import static org.huxin.engine.scoring.Answers.MISSING;
import static org.huxin.engine.scoring.TestLibrary.BOTH;
import static org.huxin.engine.scoring.TestLibrary.BOY_GRADE_2;
import static org.huxin.engine.scoring.TestLibrary.MOOD_ONLY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys, missing-item rules, conditions and tier precedence, on the code-built test library. */
class TierRulesTest {

  /** MOOD answers then SLEEP answers. */
  private static ScoredResult both(int... answers) throws AnswerRejectedException {
    return BOTH.score(answers, BOY_GRADE_2);
  }

  private static List<String> fired(ScoredResult result) {
    return result.firedRules().stream().map(FiredRule::ruleId).toList();
  }

  @Test
  void score_reverseKeyed() throws AnswerRejectedException {
    ScoredResult result = both(0, 0, 0, 0, 1, 1);
    assertEquals(2, result.scale("mood").raw());
    assertEquals(2, result.scale("sleep").raw());
    assertEquals("ok", result.scale("sleep").band());
  }

  @Test
  void score_optionsStartingAboveZero() {
    AnswerRejectedException e =
        assertThrows(AnswerRejectedException.class, () -> both(0, 2, 0, 0, 0, 1));
    assertEquals("answer 1 of SLEEP is 0; allowed 1–5", e.getMessage());
    assertEquals(4, e.index());
  }

  @Test
  void score_proratedRoundsUp() throws AnswerRejectedException {
    ScoredResult result = both(2, MISSING, 0, 0, 1, 1);
    assertEquals(3, result.scale("mood").raw());
    assertEquals(Validity.QUESTIONABLE, result.validity());
  }

  @Test
  void score_proratedRoundsDown() throws AnswerRejectedException {
    assertEquals(1, both(1, MISSING, 0, 0, 1, 1).scale("mood").raw());
  }

  @Test
  void score_proratedNeverPassesMaximum() throws AnswerRejectedException {
    ScoredResult result = both(MISSING, 0, 2, 2, 1, 1);
    assertEquals(8, result.scale("mood").raw());
    assertEquals("high", result.scale("mood").band());
  }

  @Test
  void score_tooManyBlanksStillScoredButInvalid() throws AnswerRejectedException {
    ScoredResult result = both(MISSING, MISSING, 1, 0, 1, 1);
    assertEquals(2, result.scale("mood").raw());
    assertEquals(Validity.INVALID, result.validity());
    assertEquals(
        List.of(
            new ValidityFlag(
                "missing:mood",
                Validity.INVALID,
                "MOOD 有 2 题未答，超过允许的 1 题",
                "2 items of MOOD blank, more than the 1 allowed")),
        result.validityFlags());
  }

  @Test
  void score_blankWithinAllowanceFlagged() throws AnswerRejectedException {
    ScoredResult result = both(2, MISSING, 0, 0, 1, 1);
    assertEquals(
        List.of(
            new ValidityFlag(
                "missing:mood",
                Validity.QUESTIONABLE,
                "MOOD 有 1 题未答，总分已按比例折算",
                "1 item of MOOD blank; total prorated")),
        result.validityFlags());
  }

  @Test
  void score_criticalBlankWhereBlanksAllowed() {
    AnswerRejectedException e =
        assertThrows(AnswerRejectedException.class, () -> both(0, 2, 0, MISSING, 1, 1));
    assertEquals("item 4 of MOOD is missing; a critical item must be answered", e.getMessage());
  }

  @Test
  void score_questionableStillCrisis() throws AnswerRejectedException {
    ScoredResult result = both(MISSING, 2, 0, 2, 1, 1);
    assertEquals(Validity.QUESTIONABLE, result.validity());
    assertEquals(Tier.CRISIS, result.tier());
    assertEquals(List.of("crisis_mood4"), fired(result));
  }

  @Test
  void score_allOfTwoScales() throws AnswerRejectedException {
    ScoredResult result = both(2, 0, 2, 1, 4, 5);
    assertEquals(List.of("close_mood4", "close_combo", "key_either", "key_core"), fired(result));
    assertEquals(Tier.CLOSE, result.tier());
    FiredRule combo = result.firedRules().get(1);
    assertEquals("MOOD 总分 = 7（≥ 4）；SLEEP 总分 = 9（≥ 8）：触发", combo.explanationZh());
    assertEquals("MOOD total = 7 (≥ 4); SLEEP total = 9 (≥ 8): fired", combo.explanationEn());
  }

  @Test
  void score_anyListsOnlyWhatHeld() throws AnswerRejectedException {
    ScoredResult result = both(0, 2, 0, 0, 3, 3);
    assertEquals(List.of("key_either", "routine_calm"), fired(result));
    assertEquals(Tier.KEY, result.tier());
    assertEquals("SLEEP total = 6 (6–7): fired", result.firedRules().get(0).explanationEn());
  }

  @Test
  void score_subscaleUsesReverseKey() throws AnswerRejectedException {
    ScoredResult result = both(2, 0, 0, 0, 1, 1);
    assertEquals(List.of("key_either", "key_core"), fired(result));
    assertEquals("MOOD core = 4 (≥ 3): fired", result.firedRules().get(0).explanationEn());
    assertEquals("MOOD 核心 = 4（≥ 4）：触发", result.firedRules().get(1).explanationZh());
  }

  @Test
  void score_tierZeroRuleIsRecorded() throws AnswerRejectedException {
    ScoredResult result = both(0, 2, 0, 0, 1, 1);
    assertEquals(Tier.ROUTINE, result.tier());
    assertEquals(
        List.of(new FiredRule("routine_calm", Tier.ROUTINE, "情绪平稳", "calm")), result.firedRules());
  }

  @Test
  void compile_rulesNamingAbsentScaleLeftOut() throws AnswerRejectedException {
    assertEquals(6, BOTH.ruleCount());
    assertEquals(4, MOOD_ONLY.ruleCount());
    ScoredResult result = MOOD_ONLY.score(new int[] {2, 0, 2, 1}, BOY_GRADE_2);
    assertEquals(List.of("close_mood4", "key_core"), fired(result));
    assertEquals("parent", MOOD_ONLY.form());
    assertEquals("3", BOTH.version());
    assertEquals("7", result.ruleSetVersion());
  }

  @Test
  void compile_criticalItemUnread() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ScoringEngine.compile(TestLibrary.LIBRARY, "lax"));
    assertEquals(
        "battery both: critical item mood_4 is read by no rule of tier 2 or higher in rule set"
            + " lax; a crisis answer would go unseen",
        e.getMessage());
  }

  @Test
  void score_blankNeverSatisfiesItemRule() throws AnswerRejectedException {
    CompiledBattery battery = ScoringEngine.compile(TestLibrary.LIBRARY, "blank").battery("both");
    assertEquals(
        List.of("key_mood3_low"), fired(battery.score(new int[] {0, 0, 0, 0, 1, 1}, BOY_GRADE_2)));
    assertEquals(List.of(), fired(battery.score(new int[] {0, 0, MISSING, 0, 1, 1}, BOY_GRADE_2)));
  }
}
