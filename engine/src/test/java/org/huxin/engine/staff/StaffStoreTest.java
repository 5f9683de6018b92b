package org.huxin.engine.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.huxin.engine.city.SchoolStage;
import org.huxin.engine.roster.RosterStore;
import org.huxin.engine.store.DuplicateKeyException;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@DatabaseTest
class StaffStoreTest {

  private static TestDatabase db;
  private static StaffStore staff;
  private static long district;
  private static long school;
  private static long schoolClass;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.create(StaffStoreTest.class);
    staff = new StaffStore(db.dataSource());
    RosterStore roster = new RosterStore(db.dataSource());
    district = roster.createDistrict("D01", "历下区", null);
    school = roster.createSchool(district, "S0101", "第一小学", SchoolStage.PRIMARY);
    schoolClass = roster.createClass(school, 4, "2班");
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Test
  void create_headTeacherFoundByUsername() {
    StaffAccount created =
        staff.create(
            new NewStaffAccount(
                "zhang.laoshi",
                "$argon2id$hash",
                StaffRole.HEAD_TEACHER,
                district,
                school,
                schoolClass,
                "张老师"));

    StaffAccount found = staff.findByUsername("zhang.laoshi").orElseThrow();

    assertEquals(created, found);
    assertEquals(StaffRole.HEAD_TEACHER, found.role());
    assertEquals(schoolClass, found.classId());
    assertFalse(found.disabled());
    assertEquals(Optional.of(found), staff.findById(found.id()));
    assertFalse(found.toString().contains("argon2"), found.toString());
  }

  @Test
  void create_cityAdminHasNoScope() {
    StaffAccount admin =
        staff.create(
            new NewStaffAccount("admin", "$hash", StaffRole.CITY_ADMIN, null, null, null, "管理员"));

    assertEquals(null, admin.districtId());
    assertEquals(null, admin.schoolId());
  }

  @Test
  void create_duplicateUsername() {
    staff.create(new NewStaffAccount("ops1", "$hash", StaffRole.OPS, null, null, null, "运维"));

    DuplicateKeyException e =
        assertThrows(
            DuplicateKeyException.class,
            () ->
                staff.create(
                    new NewStaffAccount("ops1", "$h2", StaffRole.OPS, null, null, null, "运维2")));
    assertTrue(e.getMessage().contains("ops1"), e.getMessage());
  }

  @Test
  void newStaffAccount_psychologistNeedsSchool() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new NewStaffAccount(
                    "li", "$hash", StaffRole.SCHOOL_PSYCHOLOGIST, district, null, null, "李老师"));
    assertTrue(e.getMessage().contains("needs a school"), e.getMessage());
  }

  @Test
  void findByUsername_unknown() {
    assertEquals(Optional.empty(), staff.findByUsername("nobody"));
  }
}
