package org.huxin.gateway.alerts;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.huxin.engine.alerts.Alert;
import org.huxin.engine.alerts.AlertOutboxStore;
import org.huxin.engine.audit.AuditEvent;
import org.huxin.engine.audit.AuditStore;
import org.huxin.engine.staff.StaffRole;
import org.huxin.gateway.auth.StaffAudit;
import org.huxin.gateway.auth.StaffAuth;
import org.huxin.gateway.auth.StaffPrincipal;
import org.huxin.gateway.auth.StaffScope;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.http.EventStream;
import org.huxin.gateway.http.RequestBodies;
import org.huxin.gateway.http.Responses;

/**
 * Staff endpoints of the crisis feed: the live stream ({@code GET /api/staff/alerts/stream}, SSE),
 * the pending list with its count, the console's confirmation of what it received, and
 * acknowledging. City admins see the city, district admins their district, school psychologists
 * their school; head teachers and ops get 403.
 *
 * <p>The console opens one stream for all its pages, re-reads the pending list on every (re)connect
 * and at least every 30 s, and confirms each alert it shows ({@code POST
 * /api/staff/alerts/received}); an alert carries {@code received} for the caller, so a console that
 * reloads or reconnects to another node does not sound it twice. A confirmation ignores ids outside
 * the caller's scope or unknown (the answer names the ones recorded); the first confirmation of an
 * alert by anyone sets its {@code seen_at}.
 *
 * <p>Acknowledging an alert outside the caller's scope answers 404, as one that does not exist, and
 * the attempt is audited with {@code ok = false}.
 */
public final class AlertsApi {
  /** The audit action of acknowledging an alert, and of a refused attempt. */
  public static final String ACK_ACTION = "acknowledge_alert";

  private static final int PENDING_LIMIT = 200;

  private final AlertOutboxStore outbox;
  private final AlertFeed feed;
  private final AuditStore trail;
  private final Pool pool;
  private final StaffAudit audit;
  private final Clock clock;

  public AlertsApi(
      AlertOutboxStore outbox,
      AlertFeed feed,
      AuditStore trail,
      Pool pool,
      StaffAudit audit,
      Clock clock) {
    this.outbox = outbox;
    this.feed = feed;
    this.trail = trail;
    this.pool = pool;
    this.audit = audit;
    this.clock = clock;
  }

  /** {@code GET /api/staff/alerts/stream}: pending alerts first, then live ones. */
  public void stream(RoutingContext ctx) {
    StaffPrincipal p = allowed(ctx);
    Context context = ctx.vertx().getOrCreateContext();
    pendingFor(p)
        .onFailure(ctx::fail)
        .onSuccess(
            pending -> {
              EventStream events = EventStream.open(ctx, "huxin crisis feed");
              AlertFeed.Stream stream = feed.open(p, events, context);
              for (int i = pending.alerts().size() - 1; i >= 0; i--) {
                Alert a = pending.alerts().get(i);
                stream.send(AlertFeed.pending(a, pending.received().contains(a.id())));
              }
            });
  }

  /** {@code GET /api/staff/alerts}: the newest 200 pending alerts in scope, how many in all. */
  public void pending(RoutingContext ctx) {
    StaffPrincipal p = allowed(ctx);
    pendingFor(p)
        .onFailure(ctx::fail)
        .onSuccess(
            pending -> {
              JsonArray out = new JsonArray();
              pending
                  .alerts()
                  .forEach(a -> out.add(AlertFeed.pending(a, pending.received().contains(a.id()))));
              Responses.json(
                  ctx, new JsonObject().put("alerts", out).put("pending", pending.inAll()));
            });
  }

  /** {@code POST /api/staff/alerts/received}: the console confirms the alerts it shows. */
  public void received(RoutingContext ctx) {
    StaffPrincipal p = allowed(ctx);
    JsonArray ids = RequestBodies.validated(ctx).getJsonArray("alertIds");
    Set<Long> asked = new LinkedHashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      asked.add(((Number) ids.getValue(i)).longValue());
    }
    Instant now = clock.instant();
    pool.withTransaction(
            tx ->
                outbox
                    .findAll(tx, asked)
                    .compose(
                        found -> {
                          List<Long> mine =
                              found.stream().filter(a -> inScope(p, a)).map(Alert::id).toList();
                          return outbox
                              .received(tx, p.accountId(), mine, now)
                              .map(
                                  first ->
                                      new JsonObject()
                                          .put("received", new JsonArray(mine))
                                          .put("first", new JsonArray(List.copyOf(first))));
                        }))
        .onFailure(ctx::fail)
        .onSuccess(answer -> Responses.json(ctx, answer));
  }

  /**
   * {@code POST /api/staff/alerts/:id/ack}: the caller takes the alert on. The acknowledgement and
   * its audit row commit together; the consoles hear of it after the commit.
   */
  public void acknowledge(RoutingContext ctx) {
    StaffPrincipal p = allowed(ctx);
    long alertId = id(ctx);
    String subject = "alert=" + alertId;
    Instant now = Instant.now(clock);
    outbox
        .find(pool, alertId)
        .compose(
            found -> {
              Alert alert = found.filter(a -> inScope(p, a)).orElse(null);
              if (alert == null) {
                return audit.<Boolean>refuse(ctx, ACK_ACTION, subject, "alert.");
              }
              return pool.withTransaction(tx -> take(tx, p, alert, subject, now))
                  .onSuccess(
                      first -> {
                        if (first) {
                          feed.acknowledged(alert, p.accountId(), now);
                        }
                      });
            })
        .onFailure(ctx::fail)
        .onSuccess(
            first ->
                Responses.json(
                    ctx,
                    new JsonObject()
                        .put("alertId", alertId)
                        .put("acknowledged", true)
                        .put("first", first)));
  }

  /** Acknowledges an alert in the caller's scope and audits it on {@code tx}; true if first. */
  private Future<Boolean> take(
      SqlClient tx, StaffPrincipal p, Alert alert, String subject, Instant now) {
    return outbox
        .acknowledge(tx, alert.id(), p.accountId(), now)
        .compose(
            first ->
                trail
                    .record(
                        tx,
                        new AuditEvent(
                            p.accountId(),
                            p.role().code(),
                            ACK_ACTION,
                            alert.studentId(),
                            subject,
                            first ? "acknowledged" : "already acknowledged",
                            true))
                    .map(id -> first));
  }

  /** The caller's pending alerts, how many there are in all, and which the caller received. */
  private Future<AlertOutboxStore.ConsoleList> pendingFor(StaffPrincipal p) {
    Long district = p.role() == StaffRole.DISTRICT_ADMIN ? p.districtId() : null;
    Long school = p.role() == StaffRole.SCHOOL_PSYCHOLOGIST ? p.schoolId() : null;
    return outbox.consoleList(pool, p.accountId(), district, school, PENDING_LIMIT);
  }

  private static boolean inScope(StaffPrincipal p, Alert a) {
    return StaffScope.coversSchool(p, a.districtId(), a.schoolId());
  }

  private static StaffPrincipal allowed(RoutingContext ctx) {
    StaffPrincipal p = ctx.get(StaffAuth.PRINCIPAL);
    if (p.role() != StaffRole.CITY_ADMIN
        && p.role() != StaffRole.DISTRICT_ADMIN
        && p.role() != StaffRole.SCHOOL_PSYCHOLOGIST) {
      throw new ApiException(403, "forbidden", "Your role does not include the crisis feed.");
    }
    return p;
  }

  private static long id(RoutingContext ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new ApiException(404, "not_found", "No such alert.");
    }
  }
}
