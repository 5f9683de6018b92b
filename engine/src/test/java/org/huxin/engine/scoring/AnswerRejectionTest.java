package org.huxin.engine.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A submission that cannot be scored is rejected with a message that says exactly why. */
class AnswerRejectionTest {

  private static final CompiledBattery G4_6 = Sheet.ENGINE.battery("g4-6");

  private static AnswerRejectedException rejected(int[] answers) {
    return assertThrows(
        AnswerRejectedException.class, () -> G4_6.score(answers, Sheet.GIRL_GRADE_5));
  }

  private static AnswerRejectedException rejected(Sheet sheet) {
    return rejected(sheet.answers());
  }

  @Test
  void score_tooFewAnswers() {
    AnswerRejectedException e = rejected(new int[25]);
    assertEquals("expected 26 answers, got 25", e.getMessage());
    assertEquals(AnswerRejectedException.Reason.WRONG_LENGTH, e.reason());
    assertNull(e.scaleId());
    assertEquals(0, e.itemNumber());
    assertEquals(-1, e.index());
  }

  @Test
  void score_tooManyAnswers() {
    assertEquals("expected 26 answers, got 27", rejected(new int[27]).getMessage());
  }

  @Test
  void score_wrongTimesLength() {
    AnswerRejectedException e =
        assertThrows(
            AnswerRejectedException.class,
            () -> G4_6.score(Sheet.of("g4-6").answers(), new int[3], Sheet.GIRL_GRADE_5));
    assertEquals("expected 26 item times, got 3", e.getMessage());
    assertEquals(AnswerRejectedException.Reason.WRONG_LENGTH, e.reason());
  }

  @Test
  void score_outOfRangeAbove() {
    AnswerRejectedException e = rejected(Sheet.of("g4-6").item("phq9", 3, 7));
    assertEquals("answer 3 of PHQ-9 is 7; allowed 0–3", e.getMessage());
    assertEquals(AnswerRejectedException.Reason.OUT_OF_RANGE, e.reason());
    assertEquals("phq9", e.scaleId());
    assertEquals(3, e.itemNumber());
    assertEquals(2, e.index());
  }

  @Test
  void score_outOfRangeNegative() {
    assertEquals(
        "answer 4 of GAD-7 is -3; allowed 0–3",
        rejected(Sheet.of("g4-6").item("gad7", 4, -3)).getMessage());
    assertEquals(
        "item 4 of GAD-7 does not offer \"I'd rather not answer\"",
        rejected(Sheet.of("g4-6").item("gad7", 4, Answers.REFUSED)).getMessage());
  }

  @Test
  void score_outOfRangeWho5AndAsq() {
    assertEquals(
        "answer 2 of WHO-5 is 6; allowed 0–5",
        rejected(Sheet.of("g4-6").item("who5", 2, 6)).getMessage());
    assertEquals(
        "answer 1 of ASQ is 2; allowed 0–1",
        rejected(Sheet.of("g4-6").item("asq", 1, 2)).getMessage());
  }

  @Test
  void score_missingItem() {
    AnswerRejectedException e = rejected(Sheet.of("g4-6").item("gad7", 4, Answers.MISSING));
    assertEquals("item 4 of GAD-7 is missing", e.getMessage());
    assertEquals(AnswerRejectedException.Reason.MISSING, e.reason());
    assertEquals("gad7", e.scaleId());
    assertEquals(4, e.itemNumber());
    assertEquals(12, e.index());
  }

  @Test
  void score_missingCriticalItem() {
    assertEquals(
        "item 9 of PHQ-9 is missing",
        rejected(Sheet.of("g4-6").item("phq9", 9, Answers.MISSING)).getMessage());
  }

  @Test
  void score_firstFaultInOrder() {
    Sheet sheet = Sheet.of("g4-6").item("phq9", 6, Answers.MISSING).item("gad7", 2, 4);
    assertEquals("item 6 of PHQ-9 is missing", rejected(sheet).getMessage());
  }

  @Test
  void score_noStackTrace() {
    assertEquals(0, rejected(new int[3]).getStackTrace().length);
  }

  @Test
  void score_nullAnswers() {
    assertThrows(NullPointerException.class, () -> G4_6.score(null, Sheet.GIRL_GRADE_5));
  }
}
