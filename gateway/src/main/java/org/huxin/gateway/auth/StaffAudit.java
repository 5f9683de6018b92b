package org.huxin.gateway.auth;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
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

  private final Pool pool;
  private final AuditStore audit;
  private final RosterIndex roster;

  public StaffAudit(Pool pool, AuditStore audit, RosterIndex roster) {
    this.pool = pool;
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
   * Writes one audit row for the caller, committed on its own (a refusal, or a view whose reads
   * wrote nothing). {@code studentId} names the student whose identifiable data was viewed or
   * exported, if one; {@code subject} says what (a window, a school report, an export).
   */
  public Future<Void> audit(
      RoutingContext ctx, String action, Long studentId, String subject, boolean ok) {
    return audit(pool, ctx, action, studentId, subject, ok);
  }

  /**
   * As {@link #audit(RoutingContext, String, Long, String, boolean)} on {@code client}: the
   * request's transaction, so the row commits or rolls back with what it records.
   */
  public Future<Void> audit(
      SqlClient client,
      RoutingContext ctx,
      String action,
      Long studentId,
      String subject,
      boolean ok) {
    StaffPrincipal p = StaffScope.principal(ctx);
    AuditEvent event =
        new AuditEvent(p.accountId(), p.role().code(), action, studentId, subject, null, ok);
    return audit.record(client, event).mapEmpty();
  }
}
