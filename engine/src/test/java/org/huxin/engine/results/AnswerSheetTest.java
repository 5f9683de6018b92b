package org.huxin.engine.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.huxin.engine.scoring.Answers;
import org.huxin.engine.scoring.CompiledBattery;
import org.huxin.engine.scoring.ScoringEngine;
import org.huxin.scales.ScaleLibrary;
import org.junit.jupiter.api.Test;

class AnswerSheetTest {

  private static final CompiledBattery G46 =
      ScoringEngine.compile(ScaleLibrary.loadDefault()).battery("g4-6");

  @Test
  void answers_refusedIsTheRefusalMark() throws AnswerSheetException {
    int[] flat =
        AnswerSheet.answers(G46, Map.of("asq", Arrays.asList(0, AnswerSheet.REFUSED, 0, 0, 1)));
    int asq = G46.layout().get(3).offset();
    assertEquals(Answers.REFUSED, flat[asq + 1]);
    assertEquals(1, flat[asq + 4]);
    assertEquals(Answers.MISSING, flat[0], "a scale left out is blank");
  }

  @Test
  void answers_negativeNumber_refusedNotReadAsBlankOrRefusal() {
    for (int negative : new int[] {-1, -2, -7}) {
      AnswerSheetException e =
          assertThrows(
              AnswerSheetException.class,
              () -> AnswerSheet.answers(G46, Map.of("asq", List.of(0, negative, 0, 0))));
      assertEquals(
          "answer 2 of ASQ is "
              + negative
              + "; an answer is an option (0 or more), null or \"refused\"",
          e.getMessage());
      assertEquals(2, e.itemNumber());
    }
  }

  @Test
  void answers_otherStringsStillRefused() {
    AnswerSheetException e =
        assertThrows(
            AnswerSheetException.class,
            () -> AnswerSheet.answers(G46, Map.of("asq", List.of("yes", 0, 0, 0, 0))));
    assertEquals("answer 1 of ASQ must be a whole number or \"refused\"", e.getMessage());
  }

  @Test
  void readable_keepsWhatCanBeRead() {
    int[] flat =
        AnswerSheet.readable(
            G46,
            Map.of(
                "asq", Arrays.asList(1, "maybe", AnswerSheet.REFUSED, -4, 0, 1, 1),
                "gad7", "not a list",
                "unknown", List.of(1)));
    int asq = G46.layout().get(3).offset();
    assertEquals(1, flat[asq]);
    assertEquals(Answers.MISSING, flat[asq + 1]);
    assertEquals(Answers.REFUSED, flat[asq + 2]);
    assertEquals(Answers.MISSING, flat[asq + 3], "a negative number reads as blank");
    assertEquals(0, flat[asq + 4], "a list too long keeps its first items");
    assertEquals(Answers.MISSING, flat[G46.layout().get(1).offset()]);
  }
}
