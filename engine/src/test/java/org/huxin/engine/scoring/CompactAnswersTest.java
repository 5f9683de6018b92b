package org.huxin.engine.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CompactAnswersTest {

  private static final CompiledBattery G4_6 = Sheet.ENGINE.battery("g4-6");

  @Test
  void compactAnswers_oneBytePerItem() {
    int[] answers = Sheet.of("g4-6").total("phq9", 10).item("phq9", 9, 2).answers();
    byte[] compact = G4_6.compactAnswers(answers);
    assertEquals(26, compact.length);
    assertEquals(3, compact[0]);
    assertEquals(2, compact[8]);
    assertEquals(255, compact[25] & 0xFF);
    assertArrayEquals(answers, G4_6.expandAnswers(compact));
  }

  @Test
  void compactAnswers_outOfRange() {
    int[] answers = Sheet.of("g4-6").item("gad7", 1, 4).answers();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> G4_6.compactAnswers(answers));
    assertEquals("answer 1 of GAD-7 is 4; allowed 0–3", e.getMessage());
  }

  @Test
  void compactAnswers_wrongLength() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> G4_6.compactAnswers(new int[2]));
    assertEquals("expected 26 answers, got 2", e.getMessage());
  }

  @Test
  void expandAnswers_corruptByte() {
    byte[] compact = new byte[26];
    compact[3] = 9;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> G4_6.expandAnswers(compact));
    assertEquals("answer 4 of PHQ-9 is 9; allowed 0–3", e.getMessage());
  }

  @Test
  void expandAnswers_wrongLength() {
    assertThrows(IllegalArgumentException.class, () -> G4_6.expandAnswers(new byte[27]));
  }

  @Test
  void expandAnswers_rescoresTheSame() throws AnswerRejectedException {
    CompiledBattery g79 = Sheet.ENGINE.battery("g7-9");
    int[] answers = Sheet.of("g7-9").total("k10", 31).item("asq", 2, 1).item("asq", 5, 0).answers();
    ScoredResult first = g79.score(answers, Sheet.BOY_GRADE_8);
    assertEquals(
        first, g79.score(g79.expandAnswers(g79.compactAnswers(answers)), Sheet.BOY_GRADE_8));
  }
}
