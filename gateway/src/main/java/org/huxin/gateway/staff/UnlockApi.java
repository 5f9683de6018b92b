package org.huxin.gateway.staff;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.huxin.engine.audit.AuditEvent;
import org.huxin.engine.audit.AuditStore;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.admission.LoginGuard;
import org.huxin.gateway.auth.StaffAuth;
import org.huxin.gateway.auth.StaffPrincipal;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.http.Responses;
import org.huxin.gateway.roster.RosterIndex;

/**
 * Unlocking a student's login: with {@code POST /api/staff/students/:id/unlock} the school lifts a
 * student's login back-off after wrong codes, from every address at once, so a child who waits for
 * a wrong-code wait of up to a minute may sign in at once; {@code wasLocked} tells whether there
 * were recent wrong codes. Head teachers may unlock their class, psychologists their school, admins
 * their district or the city; anyone else gets 404 as if the student did not exist, and is audited.
 */
public final class UnlockApi {
  private final RosterIndex roster;
  private final LoginGuard guard;
  private final AuditStore audit;
  private final Pool pool;

  public UnlockApi(RosterIndex roster, LoginGuard guard, AuditStore audit, Pool pool) {
    this.roster = roster;
    this.guard = guard;
    this.audit = audit;
    this.pool = pool;
  }

  /** {@code POST /api/staff/students/:id/unlock}: lifts the student's login back-off. */
  public void unlock(RoutingContext ctx) {
    StaffPrincipal p = ctx.get(StaffAuth.PRINCIPAL);
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new ApiException(404, "not_found", "No such student.");
    }
    RosterEntry student = roster.byId(id).filter(s -> inScope(p, s)).orElse(null);
    Future<Boolean> lifted =
        student == null
            ? Future.succeededFuture(false)
            : Future.fromCompletionStage(guard.unlock(id), ctx.vertx().getOrCreateContext());
    lifted
        .compose(
            wasLocked -> {
              AuditEvent event =
                  new AuditEvent(
                      p.accountId(),
                      p.role().code(),
                      "unlock_student_login",
                      id,
                      "student=" + id,
                      student == null
                          ? "out of scope or unknown"
                          : (wasLocked ? "back-off lifted" : "had no recent wrong codes"),
                      student != null);
              return audit.record(pool, event).map(v -> wasLocked);
            })
        .onFailure(ctx::fail)
        .onSuccess(
            wasLocked -> {
              if (student == null) {
                ctx.fail(new ApiException(404, "not_found", "No such student."));
              } else {
                Responses.json(
                    ctx, new JsonObject().put("studentId", id).put("wasLocked", wasLocked));
              }
            });
  }

  private static boolean inScope(StaffPrincipal p, RosterEntry s) {
    return switch (p.role()) {
      case CITY_ADMIN -> true;
      case DISTRICT_ADMIN -> p.districtId() != null && p.districtId() == s.districtId();
      case SCHOOL_PSYCHOLOGIST -> p.schoolId() != null && p.schoolId() == s.schoolId();
      case HEAD_TEACHER -> p.classId() != null && p.classId() == s.classId();
      default -> false;
    };
  }
}
