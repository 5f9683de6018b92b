package org.huxin.engine.scoring;

import java.util.Arrays;
import org.huxin.scales.ScaleLibrary;

/** The shipped engine and builders for g4-6 answer arrays (PHQ-9 then GAD-7, 16 items). */
final class Submissions {

  static final ScoringEngine ENGINE = ScoringEngine.compile(ScaleLibrary.loadDefault());
  static final CompiledBattery G4_6 = ENGINE.battery("g4-6");
  static final Respondent GIRL_GRADE_5 = new Respondent(5, 'F');

  static final int PHQ9_ITEMS = 9;
  static final int GAD7_ITEMS = 7;
  static final int ITEM_9 = 8;

  private Submissions() {}

  /** {@code n} answers of 0–3 summing to {@code total}, highest first. */
  static int[] spread(int total, int n) {
    if (total < 0 || total > 3 * n) {
      throw new IllegalArgumentException(total + " cannot be spread over " + n + " items");
    }
    int[] out = new int[n];
    for (int i = 0; i < n && total > 0; i++) {
      out[i] = Math.min(3, total);
      total -= out[i];
    }
    return out;
  }

  /** PHQ-9 items 1–8 summing to {@code first8}, item 9 as given, then all-zero GAD-7. */
  static int[] phq9(int first8, int item9) {
    int[] answers = new int[PHQ9_ITEMS + GAD7_ITEMS];
    System.arraycopy(spread(first8, 8), 0, answers, 0, 8);
    answers[ITEM_9] = item9;
    return answers;
  }

  /** All-zero PHQ-9, then GAD-7 summing to {@code total}. */
  static int[] gad7(int total) {
    int[] answers = new int[PHQ9_ITEMS + GAD7_ITEMS];
    System.arraycopy(spread(total, GAD7_ITEMS), 0, answers, PHQ9_ITEMS, GAD7_ITEMS);
    return answers;
  }

  /** Every one of the 16 answers set to {@code value}. */
  static int[] all(int value) {
    int[] answers = new int[PHQ9_ITEMS + GAD7_ITEMS];
    Arrays.fill(answers, value);
    return answers;
  }

  static ScoredResult score(int[] answers) throws AnswerRejectedException {
    return G4_6.score(answers, GIRL_GRADE_5);
  }
}
