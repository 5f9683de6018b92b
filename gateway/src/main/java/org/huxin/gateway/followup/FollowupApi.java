package org.huxin.gateway.followup;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.huxin.engine.audit.AuditEvent;
import org.huxin.engine.audit.AuditStore;
import org.huxin.engine.followup.CaseCursor;
import org.huxin.engine.followup.CaseQuery;
import org.huxin.engine.followup.CaseRow;
import org.huxin.engine.followup.CaseStatus;
import org.huxin.engine.followup.FollowupAction;
import org.huxin.engine.followup.FollowupStore;
import org.huxin.engine.followup.NewFollowup;
import org.huxin.engine.followup.NoOpenCaseException;
import org.huxin.engine.staff.StaffRole;
import org.huxin.gateway.auth.StaffAudit;
import org.huxin.gateway.auth.StaffPrincipal;
import org.huxin.gateway.auth.StaffScope;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.http.QueryParams;
import org.huxin.gateway.http.RequestBodies;
import org.huxin.gateway.http.Responses;
import org.huxin.gateway.roster.WindowRegistry;

/**
 * The follow-up ledger and case lists.
 *
 * <ul>
 *   <li>{@code POST /api/staff/students/:id/followups} appends an action: admins and the school
 *       psychologist in scope may record any; the head teacher of the student's class only {@code
 *       interview} and {@code parent_informed}. Closing when no case is open answers 409.
 *   <li>{@code GET /api/staff/followups?status=open|overdue|closed&school=} lists the cases in the
 *       caller's scope (a head teacher: her class, without levels); every student listed is
 *       audited.
 * </ul>
 */
public final class FollowupApi {
  static final Set<StaffRole> FOLLOWERS =
      Set.of(
          StaffRole.CITY_ADMIN,
          StaffRole.DISTRICT_ADMIN,
          StaffRole.SCHOOL_PSYCHOLOGIST,
          StaffRole.HEAD_TEACHER);
  private static final Set<FollowupAction> HEAD_TEACHER_ACTIONS =
      Set.of(FollowupAction.INTERVIEW, FollowupAction.PARENT_INFORMED);
  private static final int LIST_LIMIT = 500;

  private final FollowupStore followups;
  private final WindowRegistry windows;
  private final AuditStore trail;
  private final Pool pool;
  private final StaffAudit audit;
  private final Clock clock;

  public FollowupApi(
      FollowupStore followups,
      WindowRegistry windows,
      AuditStore trail,
      Pool pool,
      StaffAudit audit,
      Clock clock) {
    this.followups = followups;
    this.windows = windows;
    this.trail = trail;
    this.pool = pool;
    this.audit = audit;
    this.clock = clock;
  }

  /** {@code POST /api/staff/students/:id/followups}: appends an action to the ledger. */
  public void record(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    StaffScope.requireRole(
        p, FOLLOWERS, "Only admins, school psychologists and head teachers record follow-ups.");
    long studentId = ArchiveApi.studentId(ctx);
    JsonObject body = RequestBodies.validated(ctx);
    FollowupAction action = FollowupAction.fromCode(body.getString("action"));
    if (p.role() == StaffRole.HEAD_TEACHER && !HEAD_TEACHER_ACTIONS.contains(action)) {
      throw new ApiException(
          403,
          "forbidden",
          "A head teacher records interviews and parent contacts; ask the school psychologist to"
              + " record '"
              + action.code()
              + "'.");
    }
    Long windowId = body.getLong("windowId");
    if (windowId != null && windows.find(windowId).isEmpty()) {
      throw new ApiException(404, "not_found", "No such window: " + windowId + ".");
    }
    String note = body.getString("note");
    Instant now = clock.instant();
    boolean withLevel = StaffScope.seesScores(p.role());
    NewFollowup followup = new NewFollowup(studentId, windowId, action, p.accountId(), note, now);
    audit
        .student(ctx, studentId, "record_followup")
        .compose(
            student ->
                pool.withTransaction(
                    tx ->
                        followups
                            .record(tx, followup)
                            .compose(
                                r ->
                                    trail
                                        .record(
                                            tx,
                                            new AuditEvent(
                                                p.accountId(),
                                                p.role().code(),
                                                "record_followup",
                                                studentId,
                                                "followup=" + r.entry().id(),
                                                action.code(),
                                                true))
                                        .map(r))))
        .recover(FollowupApi::conflict)
        .onFailure(ctx::fail)
        .onSuccess(
            r ->
                Responses.json(
                    ctx,
                    201,
                    new JsonObject()
                        .put("entry", FollowupJson.entryJson(r.entry()))
                        .put(
                            "case",
                            r.followupCase() == null
                                ? null
                                : FollowupJson.caseJson(r.followupCase(), now, withLevel))));
  }

  /** {@code GET /api/staff/followups}: the cases in the caller's scope, a page at a time. */
  public void list(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    StaffScope.requireRole(
        p, FOLLOWERS, "Only admins, school psychologists and head teachers see follow-up cases.");
    CaseStatus status = status(ctx.request().getParam("status"));
    Long school = QueryParams.positiveLong(ctx, "school");
    CaseCursor after = cursor(ctx.request().getParam("after"));
    Instant now = clock.instant();
    boolean withLevel = StaffScope.seesScores(p.role());
    Long district = p.role() == StaffRole.DISTRICT_ADMIN ? p.districtId() : null;
    Long classId = p.role() == StaffRole.HEAD_TEACHER ? p.classId() : null;
    Long schoolFilter =
        switch (p.role()) {
          case SCHOOL_PSYCHOLOGIST, HEAD_TEACHER -> p.schoolId();
          default -> school;
        };
    Future<Void> schoolInScope =
        school == null
            ? Future.succeededFuture()
            : followups
                .districtOfSchool(pool, school)
                .compose(
                    d ->
                        d.isPresent() && coversSchool(p, d.get(), school)
                            ? Future.<Void>succeededFuture()
                            : audit.<Void>refuse(
                                ctx, "list_followups", "school " + school, "school."));
    CaseQuery query =
        new CaseQuery(status, district, schoolFilter, classId, now, LIST_LIMIT + 1, after);
    CaseQuery whole = new CaseQuery(status, district, schoolFilter, classId, now, 1);
    CaseQuery overdue = new CaseQuery(CaseStatus.OVERDUE, district, schoolFilter, classId, now, 1);
    schoolInScope
        .compose(
            v ->
                pool.withTransaction(
                    tx -> {
                      Future<List<CaseRow>> fetched = followups.cases(tx, query);
                      Future<Long> total = followups.countCases(tx, whole);
                      Future<Long> late =
                          status == CaseStatus.OPEN
                              ? followups.countCases(tx, overdue)
                              : Future.succeededFuture();
                      return Future.all(fetched, total, late)
                          .compose(
                              all -> {
                                List<CaseRow> rows =
                                    fetched
                                        .result()
                                        .subList(0, Math.min(LIST_LIMIT, fetched.result().size()));
                                JsonObject page = new JsonObject().put("total", total.result());
                                if (status == CaseStatus.OPEN) {
                                  page.put("overdue", late.result());
                                }
                                if (fetched.result().size() > LIST_LIMIT) {
                                  page.put(
                                      "next",
                                      CaseCursor.after(
                                              rows.get(rows.size() - 1).followupCase(), status)
                                          .text());
                                }
                                JsonArray cases = new JsonArray();
                                rows.forEach(
                                    r -> cases.add(FollowupJson.caseRowJson(r, now, withLevel)));
                                page.put("cases", cases);
                                return trail.recordAll(tx, listed(p, rows)).map(page);
                              });
                    }))
        .onFailure(ctx::fail)
        .onSuccess(
            page ->
                Responses.json(
                    ctx,
                    page.put("status", status.code())
                        .put("now", now.toString())
                        .put("limit", LIST_LIMIT)));
  }

  /** One audit row per case listed, naming its student. */
  private static List<AuditEvent> listed(StaffPrincipal p, List<CaseRow> rows) {
    return rows.stream()
        .map(
            r ->
                new AuditEvent(
                    p.accountId(),
                    p.role().code(),
                    "list_followups",
                    r.followupCase().studentId(),
                    "case=" + r.followupCase().id(),
                    null,
                    true))
        .toList();
  }

  /** A head teacher's list may name her own school; everyone else asks {@link StaffScope}. */
  private static boolean coversSchool(StaffPrincipal p, long districtId, long schoolId) {
    return p.role() == StaffRole.HEAD_TEACHER
        ? p.schoolId() != null && p.schoolId() == schoolId
        : StaffScope.coversSchool(p, districtId, schoolId);
  }

  private static <T> Future<T> conflict(Throwable e) {
    if (e instanceof NoOpenCaseException) {
      return Future.failedFuture(
          new ApiException(
              409,
              "no_open_case",
              "This student has no open follow-up case to close; record the action without"
                  + " closing, or pick the window whose case is open."));
    }
    return Future.failedFuture(e);
  }

  private static CaseStatus status(String value) {
    if (value == null || value.isEmpty()) {
      return CaseStatus.OPEN;
    }
    try {
      return CaseStatus.fromCode(value);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "bad_param", "Query parameter 'status' must be open, overdue or closed.");
    }
  }

  /** The page to start past, as the previous page's {@code next} gave it; null for the first. */
  private static CaseCursor cursor(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return CaseCursor.parse(value);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "bad_param", "Query parameter 'after' must be the 'next' of a previous page.");
    }
  }
}
