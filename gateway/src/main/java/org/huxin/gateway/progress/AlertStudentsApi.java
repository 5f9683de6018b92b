package org.huxin.gateway.progress;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.huxin.engine.audit.AuditEvent;
import org.huxin.engine.audit.AuditStore;
import org.huxin.engine.roster.ClassLabel;
import org.huxin.engine.roster.OrgUnitQueries;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.staff.StaffRole;
import org.huxin.gateway.auth.StaffPrincipal;
import org.huxin.gateway.auth.StaffScope;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.http.Responses;
import org.huxin.gateway.roster.RosterIndex;

/**
 * {@code GET /api/staff/alerts/students?ids=1,2}: what the crisis feed shows beside an alert, the
 * student's number, class and school (never a name or an answer). Same roles as the feed; ids
 * outside the caller's scope, or unknown, are left out. Each student labelled is audited ({@value
 * #ACTION}), in one batch.
 */
public final class AlertStudentsApi {
  static final String ACTION = "view_alert_student";

  /** Most ids one request may name (the pending list holds at most 200). */
  static final int MAX_IDS = 200;

  private static final Set<StaffRole> ROLES =
      Set.of(StaffRole.CITY_ADMIN, StaffRole.DISTRICT_ADMIN, StaffRole.SCHOOL_PSYCHOLOGIST);

  private final OrgUnitQueries units;
  private final RosterIndex roster;
  private final AuditStore audit;
  private final Pool pool;

  public AlertStudentsApi(OrgUnitQueries units, RosterIndex roster, AuditStore audit, Pool pool) {
    this.units = units;
    this.roster = roster;
    this.audit = audit;
    this.pool = pool;
  }

  /** {@code GET /api/staff/alerts/students}: what the feed shows beside each alert's student. */
  public void list(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    StaffScope.requireRole(p, ROLES, "Your role does not include the crisis feed.");
    List<RosterEntry> students = new ArrayList<>();
    for (long id : ids(ctx)) {
      roster
          .byId(id)
          .filter(s -> StaffScope.coversClass(p, s.districtId(), s.schoolId(), s.classId()))
          .ifPresent(students::add);
    }
    List<Long> classIds = students.stream().map(RosterEntry::classId).distinct().toList();
    pool.withTransaction(
            tx ->
                units
                    .classes(tx, classIds)
                    .compose(
                        classes -> {
                          List<AuditEvent> events = new ArrayList<>();
                          JsonArray out = new JsonArray();
                          for (RosterEntry s : students) {
                            ClassLabel c = classes.get(s.classId());
                            if (c == null) {
                              continue;
                            }
                            events.add(
                                new AuditEvent(
                                    p.accountId(),
                                    p.role().code(),
                                    ACTION,
                                    s.id(),
                                    "crisis feed",
                                    null,
                                    true));
                            out.add(
                                new JsonObject()
                                    .put("studentId", s.id())
                                    .put("studentNo", s.studentNo())
                                    .put("grade", s.grade())
                                    .put("classId", c.classId())
                                    .put("className", c.className())
                                    .put("schoolId", c.schoolId())
                                    .put("schoolName", c.schoolName())
                                    .put("districtName", c.districtName()));
                          }
                          return audit
                              .recordAll(tx, events)
                              .map(new JsonObject().put("students", out));
                        }))
        .onFailure(ctx::fail)
        .onSuccess(json -> Responses.json(ctx, json));
  }

  private static Set<Long> ids(RoutingContext ctx) {
    String value = ctx.queryParams().get("ids");
    Set<Long> ids = new LinkedHashSet<>();
    if (value == null || value.isBlank()) {
      return ids;
    }
    for (String part : value.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      try {
        ids.add(Long.parseLong(part.trim()));
      } catch (NumberFormatException e) {
        throw ApiException.badRequest(
            "bad_ids", "Query parameter 'ids' must be student ids separated by commas.");
      }
      if (ids.size() > MAX_IDS) {
        throw ApiException.badRequest(
            "too_many_ids", "Ask for at most " + MAX_IDS + " students at a time.");
      }
    }
    return ids;
  }
}
