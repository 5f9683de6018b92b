package org.huxin.gateway.staff;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.huxin.engine.store.StaffRole;
import org.huxin.engine.store.Window;
import org.huxin.engine.store.WindowProgress;
import org.huxin.engine.store.WindowStatus;
import org.huxin.gateway.Services;
import org.huxin.gateway.auth.StaffPrincipal;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.http.RequestBodies;
import org.huxin.gateway.http.Responses;

/** Staff endpoints on screening windows: the list, progress with tier counts, and state changes. */
public final class WindowViews {
  private final Services services;

  public WindowViews(Services services) {
    this.services = services;
  }

  /** {@code GET /api/staff/windows}. */
  public void list(RoutingContext ctx) {
    JsonArray out = new JsonArray();
    for (Window w : services.windows().all()) {
      out.add(
          new JsonObject()
              .put("id", w.id())
              .put("name", w.name())
              .put("status", w.status().name().toLowerCase(java.util.Locale.ROOT))
              .put("opensAt", w.opensAt().toString())
              .put("closesAt", w.closesAt().toString())
              .put("minGrade", w.minGrade())
              .put("maxGrade", w.maxGrade())
              .put("batteryByBand", new JsonObject(new java.util.HashMap<>(w.batteryByBand()))));
    }
    Responses.json(ctx, new JsonObject().put("windows", out));
  }

  /**
   * {@code GET /api/staff/windows/:id/progress}: students in the caller's scope, how many
   * submitted, and counts per tier. Head teachers and ops get 403: they never see tier counts.
   */
  public void progress(RoutingContext ctx) {
    StaffPrincipal p = ctx.get(StaffAuth.PRINCIPAL);
    if (!StaffScope.seesScores(p.role())) {
      throw new ApiException(403, "forbidden", "Your role does not include screening results.");
    }
    Window w = window(ctx);
    Long district = p.role() == StaffRole.DISTRICT_ADMIN ? p.districtId() : null;
    Long school = p.role() == StaffRole.SCHOOL_PSYCHOLOGIST ? p.schoolId() : null;
    ctx.vertx()
        .executeBlocking(() -> services.progress().progress(w.id(), district, school), false)
        .onFailure(ctx::fail)
        .onSuccess(progress -> Responses.json(ctx, toJson(w, progress)));
  }

  /**
   * {@code POST /api/staff/windows/:id/status} with {@code {"status": "open"|"paused"|"closed"}}.
   */
  public void setStatus(RoutingContext ctx) {
    StaffPrincipal p = ctx.get(StaffAuth.PRINCIPAL);
    if (p.role() != StaffRole.CITY_ADMIN && p.role() != StaffRole.DISTRICT_ADMIN) {
      throw new ApiException(403, "forbidden", "Only city and district admins change windows.");
    }
    Window w = window(ctx);
    if (p.role() == StaffRole.DISTRICT_ADMIN
        && !w.scopeDistrictIds().equals(java.util.List.of(p.districtId()))) {
      throw new ApiException(
          403, "forbidden", "This window covers more than your district; ask the city admin.");
    }
    WindowStatus status = parseStatus(RequestBodies.validated(ctx).getString("status"));
    ctx.vertx()
        .executeBlocking(
            () -> {
              services.windowStore().setStatus(w.id(), status);
              return null;
            },
            false)
        .compose(v -> services.changes().windowsChanged())
        .map(v -> services.windows().find(w.id()).orElseThrow())
        .onFailure(ctx::fail)
        .onSuccess(
            updated ->
                Responses.json(
                    ctx,
                    new JsonObject()
                        .put("id", updated.id())
                        .put(
                            "status", updated.status().name().toLowerCase(java.util.Locale.ROOT))));
  }

  private Window window(RoutingContext ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new ApiException(404, "not_found", "No such window.");
    }
    return services
        .windows()
        .find(id)
        .orElseThrow(() -> new ApiException(404, "not_found", "No such window."));
  }

  private static WindowStatus parseStatus(String value) {
    return switch (value) {
      case "open" -> WindowStatus.OPEN;
      case "paused" -> WindowStatus.PAUSED;
      case "closed" -> WindowStatus.CLOSED;
      default ->
          throw ApiException.badRequest(
              "bad_field", "Field 'status' must be one of open, paused, closed.");
    };
  }

  private static JsonObject toJson(Window w, WindowProgress progress) {
    return new JsonObject()
        .put("windowId", w.id())
        .put("districtId", progress.districtId())
        .put("schoolId", progress.schoolId())
        .put("studentsInScope", progress.studentsInScope())
        .put("withoutConsent", progress.withoutConsent())
        .put("studentsSubmitted", progress.studentsSubmitted())
        .put("results", progress.results())
        .put(
            "tiers",
            new JsonObject()
                .put("routine", progress.studentsAtTier(0))
                .put("key", progress.studentsAtTier(1))
                .put("close", progress.studentsAtTier(2))
                .put("crisis", progress.studentsAtTier(3)));
  }
}
