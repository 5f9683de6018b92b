package org.huxin.engine.roster.imports;

import java.util.Objects;
import org.huxin.engine.city.SchoolStage;

/**
 * One checked row of a roster file: a student with their class, school and district. {@link
 * #toString()} leaves the name out.
 */
public record RosterRow(
    int fileRow,
    String districtCode,
    String districtName,
    String schoolCode,
    String schoolName,
    SchoolStage stage,
    int grade,
    String className,
    String studentNo,
    String name,
    char sex,
    int birthYear,
    boolean consent) {

  public RosterRow {
    Objects.requireNonNull(districtCode, "districtCode");
    Objects.requireNonNull(districtName, "districtName");
    Objects.requireNonNull(schoolCode, "schoolCode");
    Objects.requireNonNull(schoolName, "schoolName");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(studentNo, "studentNo");
    Objects.requireNonNull(name, "name");
    if (grade < 1 || grade > 12 || !stage.teaches(grade)) {
      throw new IllegalArgumentException("grade " + grade + " is not taught at stage " + stage);
    }
    if (sex != 'F' && sex != 'M') {
      throw new IllegalArgumentException("sex must be F or M, got " + sex);
    }
  }

  @Override
  public String toString() {
    return "RosterRow[row " + fileRow + ", school " + schoolCode + ", no " + studentNo + "]";
  }
}
