package org.huxin.engine.scoring;

/**
 * Who answered, as far as norms need to know: grade 1–12 and sex {@code F} or {@code M}.
 *
 * @param grade school grade, 1–12
 * @param sex {@code F} or {@code M}
 */
public record Respondent(int grade, char sex) {

  public Respondent {
    if (grade < 1 || grade > 12) {
      throw new IllegalArgumentException("grade " + grade + " is outside 1–12");
    }
    if (sex != 'F' && sex != 'M') {
      throw new IllegalArgumentException("sex '" + sex + "' is not F or M");
    }
  }
}
