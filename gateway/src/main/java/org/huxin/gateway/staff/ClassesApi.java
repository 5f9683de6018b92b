package org.huxin.gateway.staff;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.List;
import org.huxin.engine.roster.ClassRosterQueries;
import org.huxin.engine.roster.ClassRosterQueries.ClassInfo;
import org.huxin.engine.staff.StaffRole;
import org.huxin.gateway.auth.StaffPrincipal;
import org.huxin.gateway.auth.StaffScope;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.http.Responses;

/**
 * The class list for staff pickers: {@code GET /api/staff/classes?minGrade=&maxGrade=} answers the
 * classes in the caller's scope (a city admin's city, a district admin's district, a psychologist's
 * school, a head teacher's own class), for pickers such as the grades 1–3 ratings. Class names
 * only: no student, no result.
 */
public final class ClassesApi {
  private final ClassRosterQueries classes;
  private final Pool pool;

  public ClassesApi(ClassRosterQueries classes, Pool pool) {
    this.classes = classes;
    this.pool = pool;
  }

  /** {@code GET /api/staff/classes}: the classes in the caller's scope, within a grade range. */
  public void list(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    if (p.role() == StaffRole.OPS) {
      throw new ApiException(403, "forbidden", "Your role does not include classes.");
    }
    int minGrade = grade(ctx, "minGrade", 1);
    int maxGrade = grade(ctx, "maxGrade", 12);
    if (minGrade > maxGrade) {
      throw ApiException.badRequest("bad_param", "minGrade must not be above maxGrade.");
    }
    Long district = p.role() == StaffRole.DISTRICT_ADMIN ? p.districtId() : null;
    Long school =
        p.role() == StaffRole.SCHOOL_PSYCHOLOGIST || p.role() == StaffRole.HEAD_TEACHER
            ? p.schoolId()
            : null;
    Long schoolClass = p.role() == StaffRole.HEAD_TEACHER ? p.classId() : null;
    classes
        .classes(pool, district, school, schoolClass, minGrade, maxGrade)
        .onFailure(ctx::fail)
        .onSuccess(classes -> Responses.json(ctx, toJson(classes)));
  }

  private static int grade(RoutingContext ctx, String name, int fallback) {
    String value = ctx.request().getParam(name);
    if (value == null) {
      return fallback;
    }
    try {
      int grade = Integer.parseInt(value);
      if (grade >= 1 && grade <= 12) {
        return grade;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest("bad_param", "Query parameter '" + name + "' must be 1..12.");
  }

  private static JsonObject toJson(List<ClassInfo> classes) {
    JsonArray out = new JsonArray();
    for (ClassInfo c : classes) {
      out.add(
          new JsonObject()
              .put("id", c.classId())
              .put("name", c.className())
              .put("grade", c.grade())
              .put("schoolId", c.schoolId())
              .put("schoolCode", c.schoolCode())
              .put("schoolName", c.schoolName())
              .put("districtId", c.districtId()));
    }
    return new JsonObject().put("classes", out);
  }
}
