package org.huxin.engine.scoring;

import static org.huxin.engine.scoring.Submissions.score;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A submission that cannot be scored is rejected with a message that says exactly why. */
class AnswerRejectionTest {

  private static AnswerRejectedException rejected(int[] answers) {
    return assertThrows(AnswerRejectedException.class, () -> score(answers));
  }

  @Test
  void score_tooFewAnswers() {
    AnswerRejectedException e = rejected(new int[15]);
    assertEquals("expected 16 answers, got 15", e.getMessage());
    assertEquals(AnswerRejectedException.Reason.WRONG_LENGTH, e.reason());
    assertNull(e.scaleId());
    assertEquals(0, e.itemNumber());
    assertEquals(-1, e.index());
  }

  @Test
  void score_tooManyAnswers() {
    assertEquals("expected 16 answers, got 17", rejected(new int[17]).getMessage());
  }

  @Test
  void score_outOfRangeAbove() {
    int[] answers = Submissions.all(0);
    answers[2] = 7;
    AnswerRejectedException e = rejected(answers);
    assertEquals("answer 3 of PHQ-9 is 7; allowed 0–3", e.getMessage());
    assertEquals(AnswerRejectedException.Reason.OUT_OF_RANGE, e.reason());
    assertEquals("phq9", e.scaleId());
    assertEquals(3, e.itemNumber());
    assertEquals(2, e.index());
  }

  @Test
  void score_outOfRangeNegative() {
    int[] answers = Submissions.all(0);
    answers[12] = -2;
    assertEquals("answer 4 of GAD-7 is -2; allowed 0–3", rejected(answers).getMessage());
  }

  @Test
  void score_missingItem() {
    int[] answers = Submissions.all(1);
    answers[12] = Answers.MISSING;
    AnswerRejectedException e = rejected(answers);
    assertEquals("item 4 of GAD-7 is missing", e.getMessage());
    assertEquals(AnswerRejectedException.Reason.MISSING, e.reason());
    assertEquals("gad7", e.scaleId());
    assertEquals(4, e.itemNumber());
    assertEquals(12, e.index());
  }

  @Test
  void score_missingCriticalItem() {
    int[] answers = Submissions.all(0);
    answers[Submissions.ITEM_9] = Answers.MISSING;
    assertEquals("item 9 of PHQ-9 is missing", rejected(answers).getMessage());
  }

  @Test
  void score_firstFaultInOrder() {
    int[] answers = Submissions.all(0);
    answers[5] = Answers.MISSING;
    answers[10] = 4;
    assertEquals("item 6 of PHQ-9 is missing", rejected(answers).getMessage());
  }

  @Test
  void score_noStackTrace() {
    assertEquals(0, rejected(new int[3]).getStackTrace().length);
  }

  @Test
  void score_nullAnswers() {
    assertThrows(NullPointerException.class, () -> score(null));
  }
}
