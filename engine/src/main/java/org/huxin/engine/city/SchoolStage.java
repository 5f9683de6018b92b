package org.huxin.engine.city;

/** Which grades a school teaches; {@link #code()} is the value stored in {@code school.stage}. */
public enum SchoolStage {
  PRIMARY("primary", 1, 6),
  JUNIOR("junior", 7, 9),
  SENIOR("senior", 10, 12),
  NINE_YEAR("nine-year", 1, 9),
  TWELVE_YEAR("twelve-year", 1, 12);

  private final String code;
  private final int firstGrade;
  private final int lastGrade;

  SchoolStage(String code, int firstGrade, int lastGrade) {
    this.code = code;
    this.firstGrade = firstGrade;
    this.lastGrade = lastGrade;
  }

  public String code() {
    return code;
  }

  public int firstGrade() {
    return firstGrade;
  }

  public int lastGrade() {
    return lastGrade;
  }

  public boolean teaches(int grade) {
    return grade >= firstGrade && grade <= lastGrade;
  }

  /**
   * The stage whose {@link #code()} is {@code code}; names the allowed codes when there is none.
   */
  public static SchoolStage fromCode(String code) {
    for (SchoolStage stage : values()) {
      if (stage.code.equals(code)) {
        return stage;
      }
    }
    throw new IllegalArgumentException(
        "school stage '"
            + code
            + "' is unknown; use one of primary, junior, senior, nine-year, twelve-year");
  }
}
