package org.huxin.engine.city;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticCityTest {

  @Test
  void demo_coversGradesOneToTwelveInTwoDistricts() {
    SyntheticCity city = SyntheticCity.demo();

    assertEquals(2, city.districts().size());
    assertEquals(6, city.schools().size());
    Set<Integer> grades = new HashSet<>();
    city.classes().forEach(c -> grades.add(c.grade()));
    assertEquals(12, grades.size());
    assertEquals(1920, city.studentCount());
    assertEquals(1920, count(city));
    assertEquals("D01", city.districts().get(0).code());
    assertEquals("S0102", city.schools().get(1).code());
  }

  @Test
  void generate_sameSeedSameCity() {
    List<SyntheticCity.Student> first = list(SyntheticCity.generate(7, CitySpec.demo()));
    List<SyntheticCity.Student> second = list(SyntheticCity.generate(7, CitySpec.demo()));

    assertEquals(first, second);
  }

  @Test
  void generate_otherSeedOtherStudents() {
    List<SyntheticCity.Student> first = list(SyntheticCity.generate(7, CitySpec.demo()));
    List<SyntheticCity.Student> second = list(SyntheticCity.generate(8, CitySpec.demo()));

    assertNotEquals(first, second);
  }

  @Test
  void studentsOf_matchesIteration() {
    SyntheticCity city = SyntheticCity.demo();
    SyntheticCity.SchoolClass third = city.classes().get(2);
    List<SyntheticCity.Student> fromIteration = new ArrayList<>();
    for (SyntheticCity.Student s : city.students()) {
      if (s.classIndex() == third.index()) {
        fromIteration.add(s);
      }
    }

    assertEquals(fromIteration, city.studentsOf(third));
  }

  @Test
  void students_plausible() {
    SyntheticCity city = SyntheticCity.demo();
    Set<String> numbersPerSchool = new HashSet<>();
    int consenting = 0;
    int boys = 0;
    for (SyntheticCity.Student s : city.students()) {
      int age = CitySpec.DEFAULT_SCHOOL_YEAR - s.birthYear();
      assertTrue(age == s.grade() + 5 || age == s.grade() + 6, "age " + age + " in " + s.grade());
      assertTrue(numbersPerSchool.add(s.schoolIndex() + "/" + s.studentNo()), s.studentNo());
      assertTrue(s.name().length() >= 2 && s.name().length() <= 3, "name length");
      assertTrue(
          Character.UnicodeScript.of(s.name().codePointAt(0)) == Character.UnicodeScript.HAN);
      consenting += s.consent() ? 1 : 0;
      boys += s.sex() == 'M' ? 1 : 0;
    }
    double consentShare = consenting / 1920.0;
    assertTrue(consentShare > 0.94 && consentShare < 0.995, "consent share " + consentShare);
    assertTrue(boys > 850 && boys < 1150, "boys " + boys);
  }

  @Test
  void toString_leavesNameOut() {
    SyntheticCity.Student student = SyntheticCity.demo().students().iterator().next();

    assertFalse(student.toString().contains(student.name()));
  }

  @Test
  void students_millionStreamQuickly() {
    CitySpec spec = CitySpec.of(20, 50, 4, 47);
    SyntheticCity city = SyntheticCity.generate(1, spec);
    long start = System.nanoTime();

    long n = count(city);

    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("generated %,d students in %,d ms%n", n, millis);
    assertEquals(1_015_200, n);
    assertEquals(spec.studentCount(), n);
    assertEquals(1000, city.schools().size());
  }

  @Test
  void spec_rejectsOutOfRange() {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> CitySpec.of(100, 1, 1, 1));

    assertTrue(e.getMessage().contains("districts must be 1..99"), e.getMessage());
  }

  @Test
  void numeral_chineseForms() {
    assertEquals("一", ChineseNames.numeral(1));
    assertEquals("十", ChineseNames.numeral(10));
    assertEquals("十二", ChineseNames.numeral(12));
    assertEquals("二十", ChineseNames.numeral(20));
    assertEquals("九十九", ChineseNames.numeral(99));
  }

  private static long count(SyntheticCity city) {
    long n = 0;
    for (SyntheticCity.Student ignored : city.students()) {
      n++;
    }
    return n;
  }

  private static List<SyntheticCity.Student> list(SyntheticCity city) {
    List<SyntheticCity.Student> all = new ArrayList<>();
    city.students().forEach(all::add);
    return all;
  }
}
