package org.huxin.engine.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.huxin.engine.city.SchoolStage;
import org.huxin.engine.roster.ClassRosterQueries.ClassInfo;
import org.huxin.engine.roster.ClassRosterQueries.ClassRosterEntry;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.NameCipherException;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.huxin.testsupport.TestRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@DatabaseTest
class ClassRosterQueriesTest {

  private static final Instant CONSENT_AT = Instant.parse("2025-08-30T01:00:00Z");
  private static final NameCipher CIPHER = TestRows.cipher();

  private static TestDatabase db;
  private static ClassRosterQueries classes;
  private static long district;
  private static long school;
  private static long class71;
  private static long class72;
  private static long emptyClass;

  @BeforeAll
  static void createRoster() {
    db = TestDatabase.create(ClassRosterQueriesTest.class);
    RosterStore roster = new RosterStore(db.dataSource());
    classes = new ClassRosterQueries();
    district = roster.createDistrict("D01", "历下区", null);
    school = roster.createSchool(district, "S0101", "历下区第一初级中学", SchoolStage.JUNIOR);
    class71 = roster.createClass(school, 7, "1班");
    class72 = roster.createClass(school, 7, "2班");
    emptyClass = roster.createClass(school, 8, "1班");
    roster.createStudent(student(class71, "10", "王小红", true), CIPHER);
    roster.createStudent(student(class71, "9", "<script>alert(1)</script>", false), CIPHER);
    roster.createStudent(student(class71, "070101", "李 明", true), CIPHER);
    roster.createStudent(student(class72, "2", "张伟", true), CIPHER);
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Test
  void classInfo_joinsSchoolAndDistrict() {
    assertEquals(
        Optional.of(new ClassInfo(class71, "1班", 7, school, "S0101", "历下区第一初级中学", district)),
        classes.classInfo(db.pool(), class71).await());
  }

  @Test
  void classInfo_unknownClass() {
    assertEquals(Optional.empty(), classes.classInfo(db.pool(), emptyClass + 1000).await());
  }

  @Test
  void classes_byGradeAndNarrowestScope() {
    List<ClassInfo> all = classes.classes(db.pool(), null, null, null, 1, 12).await();
    assertEquals(
        List.of(class71, class72, emptyClass), all.stream().map(ClassInfo::classId).toList());
    assertEquals(
        List.of(class71, class72),
        classes.classes(db.pool(), district, null, null, 7, 7).await().stream()
            .map(ClassInfo::classId)
            .toList());
    assertEquals(
        List.of(emptyClass),
        classes.classes(db.pool(), null, school, null, 8, 12).await().stream()
            .map(ClassInfo::classId)
            .toList());
    assertEquals(
        List.of(class72),
        classes.classes(db.pool(), district, school, class72, 1, 12).await().stream()
            .map(ClassInfo::classId)
            .toList());
    assertEquals(List.of(), classes.classes(db.pool(), district + 1000, null, null, 1, 12).await());
  }

  @Test
  void students_orderedByNumberWithNamesAndConsent() {
    List<ClassRosterEntry> students = classes.students(db.pool(), class71, CIPHER).await();

    assertEquals(List.of("9", "10", "070101"), students.stream().map(s -> s.studentNo()).toList());
    assertEquals(
        List.of("<script>alert(1)</script>", "王小红", "李 明"),
        students.stream().map(s -> s.name()).toList());
    assertEquals(List.of(false, true, true), students.stream().map(s -> s.consent()).toList());
    assertTrue(students.stream().allMatch(s -> s.studentId() > 0));
  }

  @Test
  void students_onlyThatClass() {
    List<ClassRosterEntry> students = classes.students(db.pool(), class72, CIPHER).await();

    assertEquals(1, students.size());
    assertEquals("张伟", students.get(0).name());
  }

  @Test
  void students_emptyOrUnknownClass() {
    assertEquals(List.of(), classes.students(db.pool(), emptyClass, CIPHER).await());
    assertEquals(List.of(), classes.students(db.pool(), emptyClass + 1000, CIPHER).await());
  }

  @Test
  void students_wrongKey() {
    byte[] otherKey = new byte[32];
    NameCipherException e =
        assertThrows(
            NameCipherException.class,
            () -> classes.students(db.pool(), class71, new NameCipher(otherKey)).await());
    assertFalse(e.getMessage().contains("王"), e.getMessage());
  }

  @Test
  void classRosterEntry_toStringLeavesNameOut() {
    String text = new ClassRosterEntry(5, "070101", "王小红", true).toString();

    assertFalse(text.contains("王小红"), text);
    assertTrue(text.contains("070101"), text);
  }

  @Test
  void classRosterEntry_invalid() {
    assertThrows(IllegalArgumentException.class, () -> new ClassRosterEntry(0, "1", "a", true));
    assertThrows(IllegalArgumentException.class, () -> new ClassRosterEntry(1, " ", "a", true));
    assertThrows(NullPointerException.class, () -> new ClassRosterEntry(1, "1", null, true));
  }

  @Test
  void classInfo_invalid() {
    assertThrows(
        IllegalArgumentException.class, () -> new ClassInfo(1, "1班", 13, 1, "S", "school", 1));
    assertThrows(
        IllegalArgumentException.class, () -> new ClassInfo(1, "", 7, 1, "S", "school", 1));
    assertThrows(
        IllegalArgumentException.class, () -> new ClassInfo(1, "1班", 7, 0, "S", "school", 1));
    assertThrows(
        IllegalArgumentException.class, () -> new ClassInfo(1, "1班", 7, 1, null, "school", 1));
  }

  private static NewStudent student(long classId, String number, String name, boolean consent) {
    return new NewStudent(
        school, classId, 7, 'F', 2013, number, name, consent, consent ? CONSENT_AT : null);
  }
}
