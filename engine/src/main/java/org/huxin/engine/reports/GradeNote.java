package org.huxin.engine.reports;

import java.util.Objects;

/**
 * What staff must read beside every figure about grades {@code firstGrade}–{@code lastGrade}: the
 * staff note of the battery the window gives those grades (grades 4–6: the instruments are used
 * outside their validated ages, so the figures are for first-stage screening only).
 */
public record GradeNote(int firstGrade, int lastGrade, String zh, String en) {

  public GradeNote {
    if (firstGrade < 1 || lastGrade > 12 || firstGrade > lastGrade) {
      throw new IllegalArgumentException(
          "grades " + firstGrade + "–" + lastGrade + " are not a band");
    }
    Objects.requireNonNull(zh, "zh");
    Objects.requireNonNull(en, "en");
  }

  /** The grades it is about, e.g. {@code 4–6年级}. */
  public String gradesZh() {
    return (firstGrade == lastGrade ? firstGrade + "" : firstGrade + "–" + lastGrade) + "年级";
  }

  /** The footnote as printed under a table: {@code 注：4–6年级：本地改编表述，…}. */
  public String footnoteZh() {
    return "注：" + gradesZh() + "：" + zh;
  }
}
