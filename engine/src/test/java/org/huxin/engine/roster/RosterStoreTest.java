package org.huxin.engine.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.huxin.engine.city.CitySpec;
import org.huxin.engine.city.SchoolStage;
import org.huxin.engine.city.SyntheticCity;
import org.huxin.engine.store.DuplicateKeyException;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.StoreException;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.huxin.testsupport.TestRows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

@DatabaseTest
class RosterStoreTest {

  private final NameCipher cipher = TestRows.cipher();
  private TestDatabase db;
  private RosterStore roster;

  @BeforeEach
  void createDatabase() {
    db = TestDatabase.create(RosterStoreTest.class);
    roster = new RosterStore(db.dataSource());
  }

  @AfterEach
  void dropDatabase() {
    db.close();
  }

  @Test
  void createStudent_nameEncryptedAndReadBack() throws Exception {
    long district = roster.createDistrict("D01", "历下区", "{\"hotline\":\"12356\"}");
    long school = roster.createSchool(district, "S0101", "历下区第一初级中学", SchoolStage.JUNIOR);
    long schoolClass = roster.createClass(school, 7, "1班");
    Instant consentAt = Instant.parse("2025-08-30T01:00:00Z");

    long id =
        roster.createStudent(
            new NewStudent(school, schoolClass, 7, 'F', 2013, "070101", "王小红", true, consentAt),
            cipher);

    assertEquals(Optional.of("王小红"), roster.studentName(id, cipher));
    assertEquals(Optional.empty(), roster.studentName(id + 1, cipher));
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT name_enc, district_id FROM student WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertFalse(
            new String(rs.getBytes(1), java.nio.charset.StandardCharsets.UTF_8).contains("王"));
        assertEquals(district, rs.getLong(2));
      }
    }
    RosterEntry entry = roster.loadRoster().get(0);
    assertEquals(
        new RosterEntry(id, district, school, "S0101", schoolClass, 7, 'F', 2013, "070101", true),
        entry);
  }

  @Test
  void createStudent_classOfAnotherGrade() {
    long district = roster.createDistrict("D01", "历下区", null);
    long school = roster.createSchool(district, "S0101", "第一小学", SchoolStage.PRIMARY);
    long grade3 = roster.createClass(school, 3, "1班");

    StoreException e =
        assertThrows(
            StoreException.class,
            () ->
                roster.createStudent(
                    new NewStudent(school, grade3, 4, 'M', 2015, "1", "李雷", false, null), cipher));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void createStudent_duplicateStudentNo() {
    long district = roster.createDistrict("D01", "历下区", null);
    long school = roster.createSchool(district, "S0101", "第一小学", SchoolStage.PRIMARY);
    long schoolClass = roster.createClass(school, 3, "1班");
    NewStudent student = new NewStudent(school, schoolClass, 3, 'M', 2016, "7", "李雷", false, null);
    roster.createStudent(student, cipher);

    assertThrows(DuplicateKeyException.class, () -> roster.createStudent(student, cipher));
  }

  @Test
  void createClass_gradeTheSchoolDoesNotTeach() {
    long district = roster.createDistrict("D01", "历下区", null);
    long school = roster.createSchool(district, "S0101", "第一小学", SchoolStage.PRIMARY);

    StoreException e =
        assertThrows(StoreException.class, () -> roster.createClass(school, 8, "1班"));
    assertTrue(e.getMessage().contains("does not teach grade 8"), e.getMessage());
  }

  @Test
  void createSchool_duplicateCode() {
    long district = roster.createDistrict("D01", "历下区", null);
    roster.createSchool(district, "S0101", "第一小学", SchoolStage.PRIMARY);

    DuplicateKeyException e =
        assertThrows(
            DuplicateKeyException.class,
            () -> roster.createSchool(district, "S0101", "第二小学", SchoolStage.PRIMARY));
    assertTrue(e.getMessage().contains("S0101"), e.getMessage());
  }

  @Test
  void createSchool_unknownDistrict() {
    StoreException e =
        assertThrows(
            StoreException.class,
            () -> roster.createSchool(999, "S0101", "第一小学", SchoolStage.PRIMARY));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void bulkLoad_demoCityMatchesGenerator() {
    SyntheticCity city = SyntheticCity.demo();

    RosterCounts counts = roster.bulkLoad(city, cipher);

    assertEquals(new RosterCounts(2, 6, city.classes().size(), 1920), counts);
    List<RosterEntry> entries = roster.loadRoster();
    assertEquals(1920, entries.size());
    Map<String, SyntheticCity.Student> generated = new HashMap<>();
    for (SyntheticCity.Student s : city.students()) {
      generated.put(city.schools().get(s.schoolIndex()).code() + "/" + s.studentNo(), s);
    }
    for (RosterEntry entry : entries.subList(0, 50)) {
      SyntheticCity.Student s = generated.get(entry.schoolCode() + "/" + entry.studentNo());
      assertEquals(s.grade(), entry.grade());
      assertEquals(s.sex(), entry.sex());
      assertEquals(s.birthYear(), entry.birthYear());
      assertEquals(s.consent(), entry.consent());
      assertEquals(Optional.of(s.name()), roster.studentName(entry.id(), cipher));
    }
  }

  @Test
  void bulkLoad_twiceFailsWhole() throws Exception {
    roster.bulkLoad(SyntheticCity.demo(), cipher);

    assertThrows(DuplicateKeyException.class, () -> roster.bulkLoad(SyntheticCity.demo(), cipher));
    assertEquals(1920, roster.loadRoster().size());
  }

  @Test
  void bulkLoad_hundredThousandStudents() {
    assertLoadsAndStreams(SyntheticCity.generate(3, CitySpec.of(8, 20, 3, 40)));
  }

  /** The city-scale check: {@code mvn ... -Dhuxin.millionStudents=true}. */
  @Test
  @EnabledIfSystemProperty(named = "huxin.millionStudents", matches = "true")
  void bulkLoad_millionStudents() {
    assertLoadsAndStreams(SyntheticCity.generate(4, CitySpec.of(20, 50, 4, 47)));
  }

  private void assertLoadsAndStreams(SyntheticCity city) {
    long start = System.nanoTime();
    RosterCounts counts = roster.bulkLoad(city, cipher);
    long loadMillis = (System.nanoTime() - start) / 1_000_000;

    start = System.nanoTime();
    long[] seen = new long[1];
    roster.forEachStudent(entry -> seen[0]++);
    long readMillis = (System.nanoTime() - start) / 1_000_000;

    System.out.printf(
        "bulk load: %,d students in %,d ms; roster read back in %,d ms%n",
        counts.students(), loadMillis, readMillis);
    assertEquals(city.studentCount(), counts.students());
    assertEquals(city.studentCount(), seen[0]);
  }
}
