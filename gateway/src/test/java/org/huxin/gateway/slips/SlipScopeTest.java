package org.huxin.gateway.slips;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.huxin.engine.roster.ClassRosterQueries.ClassInfo;
import org.huxin.engine.staff.StaffRole;
import org.huxin.gateway.auth.StaffPrincipal;
import org.junit.jupiter.api.Test;

/** The scope rule alone; {@link SlipsApiTest} runs the same matrix over HTTP. */
class SlipScopeTest {
  private static final ClassInfo CLASS_7_1 = new ClassInfo(71, "1班", 7, 10, "S10", "十中", 1);

  @Test
  void covers_cityAdminAnyClass() {
    assertEquals(true, covers(StaffRole.CITY_ADMIN, null, null, null));
  }

  @Test
  void covers_districtAdminOwnDistrictOnly() {
    assertEquals(true, covers(StaffRole.DISTRICT_ADMIN, 1L, null, null));
    assertEquals(false, covers(StaffRole.DISTRICT_ADMIN, 2L, null, null));
  }

  @Test
  void covers_psychologistOwnSchoolOnly() {
    assertEquals(true, covers(StaffRole.SCHOOL_PSYCHOLOGIST, 1L, 10L, null));
    assertEquals(false, covers(StaffRole.SCHOOL_PSYCHOLOGIST, 1L, 11L, null));
  }

  @Test
  void covers_headTeacherOwnClassOnly() {
    assertEquals(true, covers(StaffRole.HEAD_TEACHER, 1L, 10L, 71L));
    assertEquals(false, covers(StaffRole.HEAD_TEACHER, 1L, 10L, 72L));
  }

  @Test
  void covers_opsNever() {
    assertEquals(false, covers(StaffRole.OPS, 1L, 10L, 71L));
  }

  private static boolean covers(StaffRole role, Long district, Long school, Long schoolClass) {
    StaffPrincipal staff =
        new StaffPrincipal(
            7,
            "someone",
            role,
            district,
            school,
            schoolClass,
            Instant.parse("2030-01-01T00:00:00Z"));
    return SlipScope.covers(staff, CLASS_7_1);
  }
}
