package org.huxin.engine.scoring;

import static org.huxin.engine.scoring.Submissions.G4_6;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CompactAnswersTest {

  @Test
  void compactAnswers_oneBytePerItem() {
    int[] answers = Submissions.phq9(10, 2);
    answers[15] = Answers.MISSING;
    byte[] compact = G4_6.compactAnswers(answers);
    assertEquals(16, compact.length);
    assertEquals(3, compact[0]);
    assertEquals(2, compact[8]);
    assertEquals(255, compact[15] & 0xFF);
    assertArrayEquals(answers, G4_6.expandAnswers(compact));
  }

  @Test
  void compactAnswers_outOfRange() {
    int[] answers = Submissions.all(0);
    answers[9] = 4;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> G4_6.compactAnswers(answers));
    assertEquals("answer 1 of GAD-7 is 4; allowed 0–3", e.getMessage());
  }

  @Test
  void compactAnswers_wrongLength() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> G4_6.compactAnswers(new int[2]));
    assertEquals("expected 16 answers, got 2", e.getMessage());
  }

  @Test
  void expandAnswers_corruptByte() {
    byte[] compact = new byte[16];
    compact[3] = 9;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> G4_6.expandAnswers(compact));
    assertEquals("answer 4 of PHQ-9 is 9; allowed 0–3", e.getMessage());
  }

  @Test
  void expandAnswers_wrongLength() {
    assertThrows(IllegalArgumentException.class, () -> G4_6.expandAnswers(new byte[17]));
  }
}
