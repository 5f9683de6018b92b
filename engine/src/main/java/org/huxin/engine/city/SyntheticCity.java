package org.huxin.engine.city;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A deterministic synthetic city: the same seed and {@link CitySpec} always give the same
 * districts, schools, classes and students. Org units are held in lists; students are generated
 * class by class from a random stream seeded by (seed, class index), so {@link #students()} can
 * stream a million of them and {@link #studentsOf(SchoolClass)} regenerates any one class alone.
 */
public final class SyntheticCity {

  /** The seed of {@link #demo()}. */
  public static final long DEMO_SEED = 20250901L;

  private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

  /** A district: code {@code D01}, a name such as 东城区. */
  public record District(int index, String code, String name) {
    public District {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(name, "name");
    }
  }

  /** A school: code {@code S0103} is the third school of district 1. */
  public record School(int index, int districtIndex, String code, String name, SchoolStage stage) {
    public School {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(stage, "stage");
    }
  }

  /** A class of one grade in one school; {@code name} (e.g. 2班) is unique within the grade. */
  public record SchoolClass(
      int index, int schoolIndex, int districtIndex, int grade, int number, String name) {
    public SchoolClass {
      if (grade < 1 || grade > 12) {
        throw new IllegalArgumentException("grade must be 1..12, got " + grade);
      }
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * A student. {@code ordinal} numbers all students of the city from 0 in iteration order; {@code
   * studentNo} (grade, class, seat: {@code 040213}) is unique within the school.
   */
  public record Student(
      long ordinal,
      int classIndex,
      int schoolIndex,
      int districtIndex,
      int grade,
      char sex,
      int birthYear,
      String studentNo,
      String name,
      boolean consent,
      Instant consentAt) {
    public Student {
      if (sex != 'F' && sex != 'M') {
        throw new IllegalArgumentException("sex must be F or M, got " + sex);
      }
      Objects.requireNonNull(studentNo, "studentNo");
      Objects.requireNonNull(name, "name");
      if (consent != (consentAt != null)) {
        throw new IllegalArgumentException("consentAt must be set exactly when consent is given");
      }
    }

    /** Leaves the name out, so a logged student is not identified. */
    @Override
    public String toString() {
      return "Student[" + ordinal + ", school " + schoolIndex + ", no " + studentNo + "]";
    }
  }

  private final long seed;
  private final CitySpec spec;
  private final List<District> districts;
  private final List<School> schools;
  private final List<SchoolClass> classes;

  private SyntheticCity(
      long seed,
      CitySpec spec,
      List<District> districts,
      List<School> schools,
      List<SchoolClass> classes) {
    this.seed = seed;
    this.spec = spec;
    this.districts = List.copyOf(districts);
    this.schools = List.copyOf(schools);
    this.classes = List.copyOf(classes);
  }

  /** Lays out the city's org units; students are generated when iterated. */
  public static SyntheticCity generate(long seed, CitySpec spec) {
    Objects.requireNonNull(spec, "spec");
    List<District> districts = new ArrayList<>();
    List<School> schools = new ArrayList<>();
    List<SchoolClass> classes = new ArrayList<>();
    for (int d = 0; d < spec.districts(); d++) {
      District district = new District(d, "D" + twoDigits(d + 1), ChineseNames.district(d));
      districts.add(district);
      int[] perStage = new int[SchoolStage.values().length];
      for (int s = 0; s < spec.schoolsPerDistrict(); s++) {
        SchoolStage stage = spec.stageOf(s);
        int number = ++perStage[stage.ordinal()];
        School school =
            new School(
                schools.size(),
                d,
                "S" + twoDigits(d + 1) + twoDigits(s + 1),
                ChineseNames.school(district.name(), stage, number),
                stage);
        schools.add(school);
        for (int grade = stage.firstGrade(); grade <= stage.lastGrade(); grade++) {
          for (int c = 1; c <= spec.classesPerGrade(); c++) {
            classes.add(new SchoolClass(classes.size(), school.index(), d, grade, c, c + "班"));
          }
        }
      }
    }
    return new SyntheticCity(seed, spec, districts, schools, classes);
  }

  /** 2 districts, 6 schools covering grades 1–12, 1,920 students. */
  public static SyntheticCity demo() {
    return generate(DEMO_SEED, CitySpec.demo());
  }

  public long seed() {
    return seed;
  }

  public CitySpec spec() {
    return spec;
  }

  public List<District> districts() {
    return districts;
  }

  public List<School> schools() {
    return schools;
  }

  public List<SchoolClass> classes() {
    return classes;
  }

  public long studentCount() {
    return (long) classes.size() * spec.studentsPerClass();
  }

  /** Every student, class by class, generated as the iterator advances. */
  public Iterable<Student> students() {
    return () ->
        new Iterator<>() {
          private int classIndex;
          private Iterator<Student> inClass = List.<Student>of().iterator();

          @Override
          public boolean hasNext() {
            while (!inClass.hasNext() && classIndex < classes.size()) {
              inClass = studentsOf(classes.get(classIndex++)).iterator();
            }
            return inClass.hasNext();
          }

          @Override
          public Student next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            return inClass.next();
          }
        };
  }

  /** The students of one class, identical to those {@link #students()} yields for it. */
  public List<Student> studentsOf(SchoolClass schoolClass) {
    int size = spec.studentsPerClass();
    SplittableRandom random = new SplittableRandom(mix(seed, schoolClass.index()));
    Instant consentDay = LocalDate.of(spec.schoolYear(), 8, 25).atTime(9, 0).toInstant(CHINA);
    List<Student> students = new ArrayList<>(size);
    for (int seat = 1; seat <= size; seat++) {
      char sex = random.nextInt(1000) < 515 ? 'M' : 'F';
      int grade = schoolClass.grade();
      int birthYear = spec.schoolYear() - grade - (random.nextInt(3) == 0 ? 6 : 5);
      String name = ChineseNames.person(random, sex);
      boolean consent = random.nextInt(100) < 97;
      Instant consentAt =
          consent ? consentDay.plusSeconds(60L * random.nextInt(7 * 24 * 60)) : null;
      students.add(
          new Student(
              (long) schoolClass.index() * size + seat - 1,
              schoolClass.index(),
              schoolClass.schoolIndex(),
              schoolClass.districtIndex(),
              grade,
              sex,
              birthYear,
              twoDigits(grade) + twoDigits(schoolClass.number()) + twoDigits(seat),
              name,
              consent,
              consentAt));
    }
    return students;
  }

  private static String twoDigits(int n) {
    return n < 10 ? "0" + n : Integer.toString(n);
  }

  /** Stafford's mix13 of (seed, stream): independent-looking streams for neighbouring classes. */
  private static long mix(long seed, long stream) {
    long z = seed + 0x9E3779B97F4A7C15L * (stream + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
