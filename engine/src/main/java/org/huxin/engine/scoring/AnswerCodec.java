package org.huxin.engine.scoring;

import java.util.Objects;

/**
 * A battery's answers in one byte per item, as results store them for re-scoring: {@value
 * Answers#COMPACT_MISSING} for a blank, {@value Answers#COMPACT_REFUSED} for a refusal. Both ways
 * check every value against the item's options.
 */
final class AnswerCodec {

  private AnswerCodec() {}

  /**
   * The answers in one byte per item for storage, {@value Answers#COMPACT_MISSING} for a blank and
   * {@value Answers#COMPACT_REFUSED} for a refusal.
   *
   * @throws IllegalArgumentException if the array has the wrong length, an answer is not an option
   *     or a refusal is on an item that offers none
   */
  static byte[] compact(BatteryPlan p, int[] answers) {
    Objects.requireNonNull(answers, "answers");
    if (answers.length != p.min.length) {
      throw new IllegalArgumentException(
          "expected " + p.min.length + " answers, got " + answers.length);
    }
    byte[] out = new byte[answers.length];
    for (int i = 0; i < answers.length; i++) {
      int a = answers[i];
      if (a == Answers.REFUSED && p.refusalAs[i] >= 0) {
        out[i] = (byte) Answers.COMPACT_REFUSED;
        continue;
      }
      if (a != Answers.MISSING && (a < p.min[i] || a > p.max[i])) {
        throw new IllegalArgumentException(describe(p, i, a));
      }
      out[i] = (byte) (a == Answers.MISSING ? Answers.COMPACT_MISSING : a);
    }
    return out;
  }

  /**
   * The flat answer array stored by {@link #compactAnswers(int[])}, for re-scoring (e.g. under a
   * new norm set: {@code battery.withNorms(sets).score(battery.expandAnswers(bytes), respondent)}).
   *
   * @throws IllegalArgumentException if the bytes have the wrong length or hold a value that is not
   *     an option
   */
  static int[] expand(BatteryPlan p, byte[] compact) {
    Objects.requireNonNull(compact, "compact");
    if (compact.length != p.min.length) {
      throw new IllegalArgumentException(
          "expected " + p.min.length + " compact answers, got " + compact.length);
    }
    int[] out = new int[compact.length];
    for (int i = 0; i < compact.length; i++) {
      int a = compact[i] & 0xFF;
      if (a == Answers.COMPACT_REFUSED && p.refusalAs[i] >= 0) {
        out[i] = Answers.REFUSED;
        continue;
      }
      if (a != Answers.COMPACT_MISSING && (a < p.min[i] || a > p.max[i])) {
        throw new IllegalArgumentException(describe(p, i, a));
      }
      out[i] = a == Answers.COMPACT_MISSING ? Answers.MISSING : a;
    }
    return out;
  }

  static String describe(BatteryPlan p, int index, int answer) {
    return "answer "
        + p.number[index]
        + " of "
        + p.shortNames[p.scaleOf[index]]
        + " is "
        + answer
        + "; allowed "
        + p.min[index]
        + "–"
        + p.max[index];
  }
}
