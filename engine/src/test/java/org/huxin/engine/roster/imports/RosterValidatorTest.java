package org.huxin.engine.roster.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class RosterValidatorTest {
  static final String HEADER =
      "district_code,district_name,school_code,school_name,school_stage,grade,class_name,"
          + "student_no,name,sex,birth_year,guardian_consent\n";
  static final String CHINESE_HEADER = "区县代码,区县,学校代码,学校,学段,年级,班级,学号,姓名,性别,出生年份,监护人同意\n";

  private static RosterValidator validate(String ownDistrict, String csv) throws IOException {
    RosterValidator v = new RosterValidator(ownDistrict);
    RosterFiles.readCsv(new StringReader(csv), v);
    v.requireHeader();
    return v;
  }

  private static RowError only(RosterValidator v) {
    assertEquals(1, v.errors().count(), v.errors().listed().toString());
    return v.errors().listed().get(0);
  }

  @Test
  void accept_goodRowsInBothLanguages() throws IOException {
    RosterValidator v =
        validate(
            null,
            CHINESE_HEADER
                + "D1,东区,S1,一中,初中,7,1班,070101,张三,男,2012,是\n"
                + "D1,东区,S1,一中,junior,8,2班,080201,李四,F,2011,no\n");
    assertTrue(v.errors().isEmpty(), v.errors().listed().toString());
    assertEquals(2, v.rows().size());
    RosterRow first = v.rows().get(0);
    assertEquals('M', first.sex());
    assertTrue(first.consent());
    assertFalse(v.rows().get(1).consent());
    assertFalse(first.toString().contains("张三"), "toString leaves the name out");
  }

  @Test
  void accept_gradeOutOfRange() throws IOException {
    RosterValidator v = validate(null, HEADER + "D1,东区,S1,一中,twelve-year,13,1班,1,张三,M,2012,yes\n");
    RowError e = only(v);
    assertEquals(new RowError(2, "grade", "grade must be a whole number 1–12, got 13"), e);
  }

  @Test
  void accept_gradeNotTaughtAtStage() throws IOException {
    RowError e = only(validate(null, HEADER + "D1,东区,S1,一中,junior,3,1班,1,张三,M,2012,yes\n"));
    assertTrue(e.message().contains("not taught at a junior school (grades 7–9)"), e.message());
  }

  @Test
  void accept_everyFaultOfEveryRowWithoutTheName() throws IOException {
    RosterValidator v =
        validate(
            null,
            HEADER
                + "D1,东区,S1,一中,junior,7,1班,1,张三,X,1900,maybe\n"
                + "D1,东区,S1,一中,junior,7,1班,2,,M,2012,yes\n"
                + "D1,东区,S1,一中,junior,7,1班,3,王五,M,2012,yes\n");
    assertEquals(4, v.errors().count(), v.errors().listed().toString());
    assertEquals(1, v.rows().size());
    for (RowError e : v.errors().listed()) {
      assertFalse(e.message().contains("张三"), e.message());
    }
    assertEquals(List.of(2, 2, 2, 3), v.errors().listed().stream().map(RowError::row).toList());
    assertEquals("name", v.errors().listed().get(3).column());
  }

  @Test
  void accept_studentTwiceInOneSchool() throws IOException {
    RosterValidator v =
        validate(
            null,
            HEADER
                + "D1,东区,S1,一中,junior,7,1班,070101,张三,M,2012,yes\n"
                + "D1,东区,S1,一中,junior,8,2班,070101,李四,F,2011,yes\n"
                + "D1,东区,S2,二中,junior,8,2班,070101,李四,F,2011,yes\n");
    RowError e = only(v);
    assertEquals(3, e.row());
    assertEquals("student_no", e.column());
    assertTrue(e.message().contains("already on row 2"), e.message());
  }

  @Test
  void accept_schoolUnderTwoDistrictsOrNames() throws IOException {
    RosterValidator v =
        validate(
            null,
            HEADER
                + "D1,东区,S1,一中,junior,7,1班,1,张三,M,2012,yes\n"
                + "D2,西区,S1,一中,junior,7,1班,2,张三,M,2012,yes\n"
                + "D1,东区,S1,二中,junior,7,1班,3,张三,M,2012,yes\n"
                + "D1,东城,S3,三中,junior,7,1班,4,张三,M,2012,yes\n");
    assertEquals(3, v.errors().count(), v.errors().listed().toString());
    assertTrue(v.errors().listed().get(0).message().contains("is in district D1 on row 2"));
    assertEquals("school_name", v.errors().listed().get(1).column());
    assertEquals("district_name", v.errors().listed().get(2).column());
  }

  @Test
  void accept_districtAdminOtherDistrict() throws IOException {
    RosterValidator v =
        validate(
            "D1",
            HEADER
                + "D1,东区,S1,一中,junior,7,1班,1,张三,M,2012,yes\n"
                + "D2,西区,S2,二中,junior,7,1班,1,张三,M,2012,yes\n");
    RowError e = only(v);
    assertEquals(3, e.row());
    assertEquals("district_code", e.column());
  }

  @Test
  void accept_unknownAndMissingColumns() {
    RosterFileException e =
        assertThrows(
            RosterFileException.class,
            () -> validate(null, "district_code,学校,colour\nD1,一中,red\n"));
    assertEquals(1, e.row());
    assertTrue(e.getMessage().contains("unknown columns 'colour' (column 3)"), e.getMessage());
    assertTrue(e.getMessage().contains("missing columns district_name/区县"), e.getMessage());
  }

  @Test
  void requireHeader_emptyFile() {
    assertThrows(RosterFileException.class, () -> validate(null, "\n\n"));
  }

  @Test
  void errors_cappedButCounted() throws IOException {
    StringBuilder csv = new StringBuilder(HEADER);
    for (int i = 0; i < 1_500; i++) {
      csv.append("D1,东区,S1,一中,junior,99,1班,").append(i).append(",张三,M,2012,yes\n");
    }
    RosterValidator v = validate(null, csv.toString());
    assertEquals(1_500, v.errors().count());
    assertEquals(ImportErrors.LISTED, v.errors().listed().size());
  }
}
