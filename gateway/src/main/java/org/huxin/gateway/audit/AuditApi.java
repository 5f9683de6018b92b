package org.huxin.gateway.audit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Set;
import org.huxin.engine.audit.AuditEvent;
import org.huxin.engine.audit.AuditStore;
import org.huxin.engine.staff.StaffRole;
import org.huxin.gateway.auth.StaffAudit;
import org.huxin.gateway.auth.StaffPrincipal;
import org.huxin.gateway.auth.StaffScope;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.http.QueryParams;
import org.huxin.gateway.http.Responses;

/**
 * The audit trail for admins: {@code GET /api/staff/audit?student=&actor=&action=&before=&limit=}
 * answers it newest first, paged by id ({@code next} is the {@code before} of the following page,
 * null on the last). A city admin reads all of it; a district admin the rows about students of the
 * district and the rows written by its staff; every other role gets 403. Each read is itself
 * audited.
 */
public final class AuditApi {
  private static final Set<StaffRole> READERS =
      Set.of(StaffRole.CITY_ADMIN, StaffRole.DISTRICT_ADMIN);
  private static final int DEFAULT_LIMIT = 100;

  private final AuditStore trail;

  private final Pool pool;
  private final StaffAudit audit;

  public AuditApi(AuditStore trail, Pool pool, StaffAudit audit) {
    this.trail = trail;
    this.pool = pool;
    this.audit = audit;
  }

  /** {@code GET /api/staff/audit}: one page of the trail within the caller's scope. */
  public void list(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    StaffScope.requireRole(p, READERS, "Only city and district admins read the audit log.");
    Long limitParam = QueryParams.positiveLong(ctx, "limit");
    int limit =
        limitParam == null
            ? DEFAULT_LIMIT
            : (int) Math.min(limitParam, AuditStore.Filter.MAX_LIMIT);
    String action = ctx.request().getParam("action");
    if (action != null && action.length() > 64) {
      throw ApiException.badRequest(
          "bad_param", "Query parameter 'action' must be at most 64 characters.");
    }
    AuditStore.Filter filter =
        new AuditStore.Filter(
            QueryParams.positiveLong(ctx, "student"),
            QueryParams.positiveLong(ctx, "actor"),
            action,
            p.role() == StaffRole.DISTRICT_ADMIN ? p.districtId() : null,
            QueryParams.positiveLong(ctx, "before"),
            limit);
    // Reading who looked at whom is itself on the trail, written after the page was read.
    trail
        .page(pool, filter)
        .compose(
            page ->
                audit
                    .audit(
                        ctx,
                        "view_audit_log",
                        filter.studentId(),
                        "audit log page of " + page.size(),
                        true)
                    .map(page))
        .onFailure(ctx::fail)
        .onSuccess(page -> Responses.json(ctx, toJson(page, limit)));
  }

  private static JsonObject toJson(List<AuditStore.Listed> page, int limit) {
    JsonArray entries = new JsonArray();
    for (AuditStore.Listed listed : page) {
      AuditEvent e = listed.entry().event();
      entries.add(
          new JsonObject()
              .put("id", listed.entry().id())
              .put("at", listed.entry().at().toString())
              .put("actorId", e.actorId())
              .put("actorName", listed.actorName())
              .put("actorRole", e.actorRole())
              .put("action", e.action())
              .put("studentId", e.subjectStudentId())
              .put("subject", e.subject())
              .put("reason", e.reason())
              .put("ok", e.ok()));
    }
    Long next = page.size() == limit ? page.get(page.size() - 1).entry().id() : null;
    return new JsonObject().put("entries", entries).put("next", next);
  }
}
