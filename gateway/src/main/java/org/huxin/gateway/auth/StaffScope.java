package org.huxin.gateway.auth;

import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.Set;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.windows.Window;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.roster.RosterIndex;

/**
 * The one place that says what a staff member may see. Every staff handler asks here, on the
 * server, before it reads anything identifiable:
 *
 * <ul>
 *   <li>a city admin sees the city; a district admin their district; a school psychologist their
 *       school; a head teacher their own class; ops no student at all;
 *   <li>only admins and psychologists see scores and tiers ({@link #seesScores}); a head teacher
 *       sees only what she must act on;
 *   <li>a window is the caller's when its scope meets theirs ({@link #seesWindow}); any other
 *       window answers 404, as if it did not exist;
 *   <li>a student, class or school outside the caller's scope answers the same 404 as one that does
 *       not exist, and the attempt is written to the audit trail with {@code ok = false}.
 * </ul>
 */
public final class StaffScope {
  private StaffScope() {}

  /** The verified principal that {@link StaffAuth} put on the context. */
  public static StaffPrincipal principal(RoutingContext ctx) {
    return Objects.requireNonNull(ctx.get(StaffAuth.PRINCIPAL), "StaffAuth must run first");
  }

  /** City and district admins and school psychologists; head teachers and ops never. */
  public static boolean seesScores(StaffRole role) {
    return role == StaffRole.CITY_ADMIN
        || role == StaffRole.DISTRICT_ADMIN
        || role == StaffRole.SCHOOL_PSYCHOLOGIST;
  }

  /** Throws 403 unless the caller's role is one of {@code roles}. */
  public static void requireRole(StaffPrincipal p, Set<StaffRole> roles, String why) {
    if (!roles.contains(p.role())) {
      throw new ApiException(403, "forbidden", why);
    }
  }

  /** Whether the caller's scope holds this class (and so its students). */
  public static boolean coversClass(
      StaffPrincipal p, long districtId, long schoolId, long classId) {
    return switch (p.role()) {
      case CITY_ADMIN -> true;
      case DISTRICT_ADMIN -> Objects.equals(p.districtId(), districtId);
      case SCHOOL_PSYCHOLOGIST -> Objects.equals(p.schoolId(), schoolId);
      case HEAD_TEACHER -> Objects.equals(p.classId(), classId);
      case OPS -> false;
    };
  }

  /** Whether the caller's scope holds this whole school (a head teacher's never does). */
  public static boolean coversSchool(StaffPrincipal p, long districtId, long schoolId) {
    return switch (p.role()) {
      case CITY_ADMIN -> true;
      case DISTRICT_ADMIN -> Objects.equals(p.districtId(), districtId);
      case SCHOOL_PSYCHOLOGIST -> Objects.equals(p.schoolId(), schoolId);
      case HEAD_TEACHER, OPS -> false;
    };
  }

  /** Whether the caller's scope holds this whole district (city admins, and its district admin). */
  public static boolean coversDistrict(StaffPrincipal p, long districtId) {
    return p.role() == StaffRole.CITY_ADMIN
        || (p.role() == StaffRole.DISTRICT_ADMIN && Objects.equals(p.districtId(), districtId));
  }

  /**
   * Whether the caller's scope meets the window's: city admins and ops see every window; a district
   * admin those that are city-wide or name their district or one of its schools; a psychologist or
   * head teacher those that are city-wide or name their district or school. A window that fails
   * this answers 404 on every staff route that names it, as on the window list that leaves it out.
   */
  public static boolean seesWindow(StaffPrincipal p, Window w, RosterIndex roster) {
    return switch (p.role()) {
      case CITY_ADMIN, OPS -> true;
      case DISTRICT_ADMIN ->
          w.cityWide()
              || w.scopeDistrictIds().contains(p.districtId())
              || w.scopeSchoolIds().stream()
                  .anyMatch(
                      school ->
                          roster
                              .districtOfSchool(school)
                              .filter(d -> d.equals(p.districtId()))
                              .isPresent());
      case SCHOOL_PSYCHOLOGIST, HEAD_TEACHER ->
          w.cityWide()
              || w.scopeDistrictIds().contains(p.districtId())
              || w.scopeSchoolIds().contains(p.schoolId());
    };
  }
}
