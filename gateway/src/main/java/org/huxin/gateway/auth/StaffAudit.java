package org.huxin.gateway.auth;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import org.huxin.engine.audit.AuditEvent;
import org.huxin.engine.audit.AuditStore;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.roster.RosterIndex;

/**
 * The audit rows of staff requests: what a staff member viewed, and every refusal of something
 * outside their scope, which answers 404 as for an id that does not exist.
 */
public final class StaffAudit {
  private static final ApiException NO_SUCH_STUDENT =
      new ApiException(404, "not_found", "No such student.");

  private final AuditStore audit;
  private final RosterIndex roster;

  public StaffAudit(AuditStore audit, RosterIndex roster) {
    this.audit = audit;
    this.roster = roster;
  }

  /**
   * The student, when the caller's scope holds them; otherwise audits the refused {@code action}
   * and fails with 404, the same answer as for an id that does not exist.
   */
  public Future<RosterEntry> student(RoutingContext ctx, long studentId, String action) {
    StaffPrincipal p = StaffScope.principal(ctx);
    RosterEntry student = roster.byId(studentId).orElse(null);
    if (student != null
        && StaffScope.coversClass(p, student.districtId(), student.schoolId(), student.classId())) {
      return Future.succeededFuture(student);
    }
    return audit(ctx, action, studentId, "student " + studentId, false)
        .transform(v -> Future.failedFuture(NO_SUCH_STUDENT));
  }

  /**
   * Audits a refused {@code action} on {@code subject} and fails with 404 (not found or not yours:
   * the caller cannot tell which).
   */
  public <T> Future<T> refuse(RoutingContext ctx, String action, String subject, String what) {
    return audit(ctx, action, null, subject, false)
        .transform(v -> Future.failedFuture(new ApiException(404, "not_found", "No such " + what)));
  }

  /**
   * Writes one audit row for the caller (off the event loop). {@code studentId} names the student
   * whose identifiable data was viewed or exported, if one; {@code subject} says what (a window, a
   * school report, an export).
   */
  public Future<Void> audit(
      RoutingContext ctx, String action, Long studentId, String subject, boolean ok) {
    StaffPrincipal p = StaffScope.principal(ctx);
    AuditEvent event =
        new AuditEvent(p.accountId(), p.role().code(), action, studentId, subject, null, ok);
    return ctx.vertx().executeBlocking(() -> audit.record(event), false).mapEmpty();
  }
}
