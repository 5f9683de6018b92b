package org.huxin.engine.scoring;

import static org.huxin.engine.scoring.Submissions.ITEM_9;
import static org.huxin.engine.scoring.Submissions.score;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** What must hold for every possible submission, not just the examples. */
class ScoringPropertiesTest {

  @Provide
  Arbitrary<int[]> answers() {
    return Arbitraries.integers().between(0, 3).array(int[].class).ofSize(16);
  }

  @Property
  void score_rawStaysInRange(@ForAll("answers") int[] answers) throws AnswerRejectedException {
    ScoredResult result = score(answers);
    int phq9 = 0;
    int gad7 = 0;
    for (int i = 0; i < 16; i++) {
      if (i < 9) {
        phq9 += answers[i];
      } else {
        gad7 += answers[i];
      }
    }
    assertEquals(phq9, result.scale("phq9").raw());
    assertEquals(gad7, result.scale("gad7").raw());
    assertTrue(phq9 >= 0 && phq9 <= 27);
    assertTrue(gad7 >= 0 && gad7 <= 21);
  }

  @Property
  void score_raisingAnAnswerNeverLowersTier(
      @ForAll("answers") int[] answers,
      @ForAll @IntRange(min = 0, max = 15) int index,
      @ForAll @IntRange(min = 1, max = 3) int by)
      throws AnswerRejectedException {
    Tier before = score(answers).tier();
    int[] raised = answers.clone();
    raised[index] = Math.min(3, raised[index] + by);
    Tier after = score(raised).tier();
    assertTrue(after.level() >= before.level(), before + " became " + after);
  }

  @Property
  void score_item9AtLeastTwoIsCrisis(
      @ForAll("answers") int[] answers, @ForAll @IntRange(min = 2, max = 3) int item9)
      throws AnswerRejectedException {
    int[] submitted = answers.clone();
    submitted[ITEM_9] = item9;
    ScoredResult result = score(submitted);
    assertEquals(Tier.CRISIS, result.tier());
    assertTrue(result.crisis());
    assertEquals("crisis_phq9_item9", result.firedRules().get(0).ruleId());
  }

  @Property
  void score_crisisOnlyFromItem9(@ForAll("answers") int[] answers) throws AnswerRejectedException {
    assertEquals(answers[ITEM_9] >= 2, score(answers).crisis());
  }

  @Property
  void score_outOfRangeRejected(
      @ForAll("answers") int[] answers,
      @ForAll @IntRange(min = 0, max = 15) int index,
      @ForAll("outOfRange") int bad) {
    int[] submitted = answers.clone();
    submitted[index] = bad;
    AnswerRejectedException e = assertThrows(AnswerRejectedException.class, () -> score(submitted));
    String scale = index < 9 ? "PHQ-9" : "GAD-7";
    int number = index < 9 ? index + 1 : index - 8;
    assertEquals(
        "answer " + number + " of " + scale + " is " + bad + "; allowed 0–3", e.getMessage());
  }

  @Provide
  Arbitrary<Integer> outOfRange() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(4, Integer.MAX_VALUE),
        Arbitraries.integers().between(Integer.MIN_VALUE, -2));
  }

  /** Answers to the test library's {@code both} battery, with at most one non-critical blank. */
  @Provide
  Arbitrary<int[]> moodAnswers() {
    Arbitrary<int[]> mood = Arbitraries.integers().between(0, 2).array(int[].class).ofSize(4);
    Arbitrary<int[]> sleep = Arbitraries.integers().between(1, 5).array(int[].class).ofSize(2);
    Arbitrary<Integer> blank = Arbitraries.integers().between(-1, 2);
    return Combinators.combine(mood, sleep, blank)
        .as(
            (m, s, b) -> {
              int[] out = {m[0], m[1], m[2], m[3], s[0], s[1]};
              if (b >= 0) {
                out[b] = Answers.MISSING;
              }
              return out;
            });
  }

  @Property
  void score_validityNeverHidesCrisis(@ForAll("moodAnswers") int[] answers)
      throws AnswerRejectedException {
    ScoredResult result = TestLibrary.BOTH.score(answers, TestLibrary.BOY_GRADE_2);
    assertEquals(answers[3] >= 2, result.crisis());
    boolean blank =
        answers[0] == Answers.MISSING
            || answers[1] == Answers.MISSING
            || answers[2] == Answers.MISSING;
    assertEquals(blank ? Validity.QUESTIONABLE : Validity.VALID, result.validity());
    assertTrue(result.scale("mood").raw() <= 8);
  }

  @Property
  void compactAnswers_roundTrip(@ForAll("moodAnswers") int[] answers) {
    CompiledBattery battery = TestLibrary.BOTH;
    assertArrayEquals(answers, battery.expandAnswers(battery.compactAnswers(answers)));
  }
}
