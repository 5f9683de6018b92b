package org.huxin.gateway.slips;

import java.util.Objects;
import org.huxin.engine.roster.ClassRosterQueries.ClassInfo;
import org.huxin.gateway.auth.StaffPrincipal;

/**
 * Who may print a class's slips: a city admin any class, a district admin the classes of their
 * district, a school psychologist those of their school, a head teacher their own class, ops none.
 */
final class SlipScope {
  private SlipScope() {}

  static boolean covers(StaffPrincipal staff, ClassInfo schoolClass) {
    return switch (staff.role()) {
      case CITY_ADMIN -> true;
      case DISTRICT_ADMIN -> Objects.equals(staff.districtId(), schoolClass.districtId());
      case SCHOOL_PSYCHOLOGIST -> Objects.equals(staff.schoolId(), schoolClass.schoolId());
      case HEAD_TEACHER -> Objects.equals(staff.classId(), schoolClass.classId());
      case OPS -> false;
    };
  }
}
