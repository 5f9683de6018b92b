package org.huxin.gateway.alerts;

import io.vertx.core.Context;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import org.huxin.engine.store.Alert;
import org.huxin.engine.store.AuditEvent;
import org.huxin.engine.store.StaffRole;
import org.huxin.gateway.Services;
import org.huxin.gateway.auth.StaffPrincipal;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.http.EventStream;
import org.huxin.gateway.http.Responses;
import org.huxin.gateway.staff.StaffAuth;
import org.huxin.gateway.staff.StaffScope;

/**
 * Staff endpoints of the crisis feed: the live stream ({@code GET /api/staff/alerts/stream}, SSE),
 * the pending list and acknowledging. City admins see the city, district admins their district,
 * school psychologists their school; head teachers and ops get 403.
 */
public final class AlertViews {
  /** The audit action of acknowledging an alert, and of a refused attempt. */
  public static final String ACK_ACTION = "acknowledge_alert";

  private static final int PENDING_LIMIT = 200;

  private final Services services;
  private final AlertFeed feed;

  public AlertViews(Services services, AlertFeed feed) {
    this.services = services;
    this.feed = feed;
  }

  /** {@code GET /api/staff/alerts/stream}: pending alerts first, then live ones. */
  public void stream(RoutingContext ctx) {
    StaffPrincipal p = allowed(ctx);
    Context context = ctx.vertx().getOrCreateContext();
    ctx.vertx()
        .executeBlocking(() -> pendingFor(p), false)
        .onFailure(ctx::fail)
        .onSuccess(
            pending -> {
              EventStream events = EventStream.open(ctx, "huxin crisis feed");
              AlertFeed.Stream stream = feed.open(p, events, context);
              for (int i = pending.size() - 1; i >= 0; i--) {
                stream.send(AlertFeed.pending(pending.get(i)));
              }
            });
  }

  /** {@code GET /api/staff/alerts}: unacknowledged alerts in the caller's scope, newest first. */
  public void pending(RoutingContext ctx) {
    StaffPrincipal p = allowed(ctx);
    ctx.vertx()
        .executeBlocking(() -> pendingFor(p), false)
        .onFailure(ctx::fail)
        .onSuccess(
            list -> {
              JsonArray out = new JsonArray();
              list.forEach(a -> out.add(AlertFeed.pending(a)));
              Responses.json(ctx, new JsonObject().put("alerts", out));
            });
  }

  /**
   * {@code POST /api/staff/alerts/:id/ack}: the caller takes the alert on. An alert outside the
   * caller's scope answers 404, as one that does not exist, and the attempt is audited with {@code
   * ok = false}.
   */
  public void acknowledge(RoutingContext ctx) {
    StaffPrincipal p = allowed(ctx);
    long alertId = id(ctx);
    String subject = "alert=" + alertId;
    ctx.vertx()
        .executeBlocking(() -> services.alerts().find(alertId).filter(a -> inScope(p, a)), false)
        .compose(
            alert ->
                alert.isPresent()
                    ? ctx.vertx().executeBlocking(() -> take(p, alert.get(), subject), false)
                    : StaffScope.<Boolean>refuse(ctx, services, ACK_ACTION, subject, "alert."))
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

  /** Acknowledges an alert in the caller's scope and audits it; true for the first taker. */
  private boolean take(StaffPrincipal p, Alert alert, String subject) {
    boolean first = services.alerts().acknowledge(alert.id(), p.accountId());
    services
        .audit()
        .record(
            new AuditEvent(
                p.accountId(),
                p.role().code(),
                ACK_ACTION,
                alert.studentId(),
                subject,
                first ? "acknowledged" : "already acknowledged",
                true));
    if (first) {
      feed.acknowledged(alert, p.accountId(), Instant.now(services.clock()));
    }
    return first;
  }

  private List<Alert> pendingFor(StaffPrincipal p) {
    Long district = p.role() == StaffRole.DISTRICT_ADMIN ? p.districtId() : null;
    Long school = p.role() == StaffRole.SCHOOL_PSYCHOLOGIST ? p.schoolId() : null;
    return services.alerts().pending(district, school, PENDING_LIMIT);
  }

  private static boolean inScope(StaffPrincipal p, Alert a) {
    return switch (p.role()) {
      case CITY_ADMIN -> true;
      case DISTRICT_ADMIN -> p.districtId() != null && p.districtId() == a.districtId();
      case SCHOOL_PSYCHOLOGIST -> p.schoolId() != null && p.schoolId() == a.schoolId();
      default -> false;
    };
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
