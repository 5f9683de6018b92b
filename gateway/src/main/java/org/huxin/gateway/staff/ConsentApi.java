package org.huxin.gateway.staff;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.huxin.engine.roster.ConsentStore;
import org.huxin.engine.roster.ConsentStore.Consent;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.windows.Window;
import org.huxin.gateway.auth.StaffAudit;
import org.huxin.gateway.auth.StaffPrincipal;
import org.huxin.gateway.auth.StaffScope;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.http.RequestBodies;
import org.huxin.gateway.http.Responses;
import org.huxin.gateway.roster.ChangeNotices;
import org.huxin.gateway.roster.RosterIndex;
import org.huxin.gateway.roster.WindowRegistry;

/**
 * Guardians' consent records for staff ({@code POST} and {@code GET
 * /api/staff/students/:id/consent}): a guardian's consent to a window, or its withdrawal, as the
 * school received it (a paper form, a call, online), recorded by the staff member who took it; and
 * the record's history. Admins, psychologists and head teachers within their scope; anyone else, or
 * a student or window out of scope, gets 404 and an audit row. Every record and every view is
 * audited. A recording also sets the roster's standing flag, which every node reloads, so login
 * agrees; a submit checks the record itself.
 */
public final class ConsentApi {

  /** The audit action of a recording, and of a view of the history. */
  public static final String RECORD_ACTION = "record_consent";

  public static final String VIEW_ACTION = "view_consent";

  private static final Set<StaffRole> ROLES =
      Set.of(
          StaffRole.CITY_ADMIN,
          StaffRole.DISTRICT_ADMIN,
          StaffRole.SCHOOL_PSYCHOLOGIST,
          StaffRole.HEAD_TEACHER);

  private final ConsentStore consents;
  private final Pool pool;
  private final WindowRegistry windows;
  private final RosterIndex roster;
  private final ChangeNotices changes;
  private final StaffAudit audit;
  private final Clock clock;

  public ConsentApi(
      ConsentStore consents,
      Pool pool,
      WindowRegistry windows,
      RosterIndex roster,
      ChangeNotices changes,
      StaffAudit audit,
      Clock clock) {
    this.consents = consents;
    this.pool = pool;
    this.windows = windows;
    this.roster = roster;
    this.changes = changes;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * {@code POST /api/staff/students/:id/consent}: records one giving or withdrawal; answers 201
   * with the stored record.
   */
  public void record(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    StaffScope.requireRole(
        p, ROLES, "Only admins, psychologists and head teachers record consent.");
    long studentId = id(ctx);
    JsonObject body = RequestBodies.validated(ctx);
    long windowId = body.getLong("windowId");
    boolean given = body.getBoolean("given");
    String method = body.getString("method");
    Instant at = clock.instant();
    audit
        .student(ctx, studentId, RECORD_ACTION)
        .compose(student -> window(ctx, p, windowId).map(w -> student))
        .compose(
            student -> {
              Consent consent =
                  new Consent(student.id(), windowId, given, p.accountId(), method, at);
              String subject =
                  (given ? "given" : "withdrawn") + " window " + windowId + " by " + method;
              return pool.withTransaction(
                      tx -> {
                        Future<Long> id = consents.record(tx, consent);
                        Future<Void> row =
                            audit.audit(tx, ctx, RECORD_ACTION, student.id(), subject, true);
                        return Future.all(id, row).map(all -> id.result());
                      })
                  .compose(
                      id ->
                          changes
                              .rosterChanged()
                              .map(v -> json(new ConsentStore.Entry(id, consent))));
            })
        .onFailure(ctx::fail)
        .onSuccess(entry -> Responses.json(ctx, 201, entry));
  }

  /**
   * {@code GET /api/staff/students/:id/consent}: the records for {@code ?windowId=}, newest first.
   */
  public void history(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    StaffScope.requireRole(p, ROLES, "Only admins, psychologists and head teachers see consent.");
    long studentId = id(ctx);
    long windowId;
    try {
      windowId = Long.parseLong(ctx.queryParams().get("windowId"));
    } catch (NumberFormatException | NullPointerException e) {
      throw ApiException.badRequest("invalid_request", "windowId (a window id) is required.");
    }
    audit
        .student(ctx, studentId, VIEW_ACTION)
        .compose(student -> window(ctx, p, windowId).map(w -> student))
        .compose(
            (RosterEntry student) ->
                pool.withTransaction(
                        tx -> {
                          Future<List<ConsentStore.Entry>> entries =
                              consents.history(tx, student.id(), windowId, 100);
                          Future<Void> row =
                              audit.audit(
                                  tx, ctx, VIEW_ACTION, student.id(), "window " + windowId, true);
                          return Future.all(entries, row).map(all -> entries.result());
                        })
                    .map(entries -> historyJson(student, windowId, entries)))
        .onFailure(ctx::fail)
        .onSuccess(json -> Responses.json(ctx, json));
  }

  private Future<Window> window(RoutingContext ctx, StaffPrincipal p, long windowId) {
    Window w =
        windows
            .find(windowId)
            .filter(found -> StaffScope.seesWindow(p, found, roster))
            .orElse(null);
    return w != null
        ? Future.succeededFuture(w)
        : audit.refuse(ctx, RECORD_ACTION, "window " + windowId, "window.");
  }

  private static long id(RoutingContext ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new ApiException(404, "not_found", "No such student.");
    }
  }

  private static JsonObject historyJson(
      RosterEntry student, long windowId, List<ConsentStore.Entry> entries) {
    JsonArray records = new JsonArray();
    entries.forEach(e -> records.add(json(e)));
    boolean withdrawn = !entries.isEmpty() && !entries.get(0).consent().given();
    return new JsonObject()
        .put("studentId", student.id())
        .put("windowId", windowId)
        .put("withdrawn", withdrawn)
        .put("records", records);
  }

  private static JsonObject json(ConsentStore.Entry e) {
    Consent c = e.consent();
    return new JsonObject()
        .put("id", e.id())
        .put("studentId", c.studentId())
        .put("windowId", c.windowId())
        .put("given", c.given())
        .put("source", c.source())
        .put("method", c.method())
        .put("recordedBy", c.recordedBy())
        .put("at", c.at().toString());
  }
}
