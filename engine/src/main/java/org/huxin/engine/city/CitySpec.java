package org.huxin.engine.city;

import java.util.List;
import java.util.Objects;

/**
 * The shape of a synthetic city. Schools in each district take their stage from {@code stageCycle}
 * in turn, every grade a school teaches gets {@code classesPerGrade} classes, and every class
 * {@code studentsPerClass} students. {@code schoolYear} is the calendar year in which the school
 * year starts (September), from which birth years follow.
 */
public record CitySpec(
    int districts,
    int schoolsPerDistrict,
    List<SchoolStage> stageCycle,
    int classesPerGrade,
    int studentsPerClass,
    int schoolYear) {

  public static final int DEFAULT_SCHOOL_YEAR = 2025;

  public CitySpec {
    requireRange("districts", districts, 1, 99);
    requireRange("schoolsPerDistrict", schoolsPerDistrict, 1, 99);
    requireRange("classesPerGrade", classesPerGrade, 1, 99);
    requireRange("studentsPerClass", studentsPerClass, 1, 99);
    requireRange("schoolYear", schoolYear, 2000, 2080);
    Objects.requireNonNull(stageCycle, "stageCycle");
    stageCycle = List.copyOf(stageCycle);
    if (stageCycle.isEmpty()) {
      throw new IllegalArgumentException("stageCycle must name at least one stage");
    }
  }

  /** 2 districts × 3 schools (primary, junior, senior): grades 1–12, 1,920 students. */
  public static CitySpec demo() {
    return new CitySpec(
        2,
        3,
        List.of(SchoolStage.PRIMARY, SchoolStage.JUNIOR, SchoolStage.SENIOR),
        2,
        40,
        DEFAULT_SCHOOL_YEAR);
  }

  /**
   * A city whose schools cycle primary, primary, junior, senior, nine-year (a typical mix), e.g.
   * {@code of(20, 50, 4, 47)} is 1,000 schools with 1,015,200 students.
   */
  public static CitySpec of(
      int districts, int schoolsPerDistrict, int classesPerGrade, int studentsPerClass) {
    return new CitySpec(
        districts,
        schoolsPerDistrict,
        List.of(
            SchoolStage.PRIMARY,
            SchoolStage.PRIMARY,
            SchoolStage.JUNIOR,
            SchoolStage.SENIOR,
            SchoolStage.NINE_YEAR),
        classesPerGrade,
        studentsPerClass,
        DEFAULT_SCHOOL_YEAR);
  }

  /** The stage of the {@code n}-th school (0-based) of a district. */
  public SchoolStage stageOf(int schoolInDistrict) {
    return stageCycle.get(schoolInDistrict % stageCycle.size());
  }

  /** How many students the generated city will hold. */
  public long studentCount() {
    long grades = 0;
    for (int s = 0; s < schoolsPerDistrict; s++) {
      SchoolStage stage = stageOf(s);
      grades += stage.lastGrade() - stage.firstGrade() + 1;
    }
    return (long) districts * grades * classesPerGrade * studentsPerClass;
  }

  private static void requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + value);
    }
  }
}
