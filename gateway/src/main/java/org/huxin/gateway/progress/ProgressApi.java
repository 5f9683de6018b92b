package org.huxin.gateway.progress;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.huxin.engine.progress.ProgressCache;
import org.huxin.engine.progress.ProgressCounts;
import org.huxin.engine.progress.ProgressNode;
import org.huxin.engine.progress.ProgressSnapshot;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.windows.Window;
import org.huxin.gateway.auth.StaffAudit;
import org.huxin.gateway.auth.StaffPrincipal;
import org.huxin.gateway.auth.StaffScope;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.http.EventStream;
import org.huxin.gateway.http.Responses;
import org.huxin.gateway.roster.RosterIndex;
import org.huxin.gateway.roster.WindowRegistry;

/**
 * {@code GET /api/staff/windows/:id/progress/tree} and {@code .../progress/stream}: completion of a
 * window by district → school → grade → class within the caller's scope. Admins and psychologists
 * also get tier counts per node; a head teacher gets her class's completion only (no tier key at
 * all); ops get 403; a window the caller's window list does not show answers 404, audited as
 * refused. The stream sends the tree at once, then again whenever the caller's tree changes
 * (checked every {@link SharedProgress#MAX_AGE}), with a comment line every 15 s.
 */
public final class ProgressApi {
  /** The audit action of a refused view of a window's progress tree or stream. */
  public static final String AUDIT_ACTION = "view_progress_tree";

  private final ProgressCache cache;
  private final WindowRegistry windows;
  private final RosterIndex roster;
  private final StaffAudit audit;

  public ProgressApi(
      ProgressCache cache, WindowRegistry windows, RosterIndex roster, StaffAudit audit) {
    this.cache = cache;
    this.windows = windows;
    this.roster = roster;
    this.audit = audit;
  }

  /** {@code GET /api/staff/windows/:id/progress/tree}: the caller's tree as JSON. */
  public void tree(RoutingContext ctx) {
    StaffPrincipal p = allowed(ctx);
    visibleWindow(ctx, p, "progress tree")
        .compose(w -> cache.snapshot(w).map(s -> json(p, w, s)))
        .onFailure(ctx::fail)
        .onSuccess(json -> Responses.json(ctx, json));
  }

  /** {@code GET /api/staff/windows/:id/progress/stream}: server-sent events named {@code tree}. */
  public void stream(RoutingContext ctx) {
    StaffPrincipal p = allowed(ctx);
    visibleWindow(ctx, p, "progress stream")
        .compose(w -> cache.snapshot(w).map(s -> json(p, w, s)))
        .onFailure(ctx::fail)
        .onSuccess(first -> open(ctx, p, first.getLong("windowId"), first));
  }

  /**
   * The window of the path when the caller's window list shows it ({@link StaffScope#seesWindow});
   * otherwise 404, as for a window that does not exist, audited as a refused {@value
   * #AUDIT_ACTION}.
   */
  private Future<Window> visibleWindow(RoutingContext ctx, StaffPrincipal p, String what) {
    Window w = window(windowId(ctx));
    return StaffScope.seesWindow(p, w, roster)
        ? Future.succeededFuture(w)
        : audit.refuse(ctx, AUDIT_ACTION, what + " window " + w.id(), "window.");
  }

  private void open(RoutingContext ctx, StaffPrincipal p, long windowId, JsonObject first) {
    if (ctx.response().closed()) {
      return;
    }
    EventStream events = EventStream.open(ctx, "huxin progress");
    LiveTree live = new LiveTree(events.response(), first);
    live.send(first);
    long check =
        ctx.vertx()
            .setPeriodic(SharedProgress.MAX_AGE.toMillis(), t -> live.check(ctx, p, windowId));
    events.onClose(() -> ctx.vertx().cancelTimer(check));
  }

  /** One open stream; touched only on its event loop. */
  private final class LiveTree {
    private final HttpServerResponse response;
    private long generation;
    private String lastSent;
    private boolean checking;

    LiveTree(HttpServerResponse response, JsonObject first) {
      this.response = response;
      this.generation = first.getLong("generation");
    }

    void check(RoutingContext ctx, StaffPrincipal p, long windowId) {
      if (checking || response.closed()) {
        return;
      }
      checking = true;
      long known = generation;
      changed(p, windowId, known)
          .onComplete(
              r -> {
                checking = false;
                if (r.succeeded() && r.result().isPresent()) {
                  generation = r.result().get().getLong("generation");
                  send(r.result().get());
                }
              });
    }

    /** Writes the tree unless this stream's last event said exactly the same. */
    void send(JsonObject tree) {
      String data = tree.encode();
      if (response.closed() || data.equals(lastSent)) {
        return;
      }
      lastSent = data;
      response.write("event: tree\ndata: " + data + "\n\n");
    }
  }

  /** The caller's tree when the window's snapshot moved past {@code known}. */
  private Future<Optional<JsonObject>> changed(StaffPrincipal p, long windowId, long known) {
    Window w;
    try {
      w = window(windowId);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    return cache
        .snapshot(w)
        .map(s -> s.generation() == known ? Optional.empty() : Optional.of(json(p, w, s)));
  }

  private static JsonObject json(StaffPrincipal p, Window w, ProgressSnapshot s) {
    boolean scores = StaffScope.seesScores(p.role());
    ProgressNode root =
        s.tree(c -> StaffScope.coversClass(p, c.districtId(), c.schoolId(), c.classId()));
    return new JsonObject()
        .put("windowId", w.id())
        .put("windowName", w.name())
        .put("generation", s.generation())
        .put("asOf", s.loadedAt().toString())
        .put("seesScores", scores)
        .put("tree", node(root, scores));
  }

  private static JsonObject node(ProgressNode n, boolean scores) {
    ProgressCounts c = n.counts();
    JsonObject json =
        new JsonObject()
            .put("level", n.level().code())
            .put("id", n.id())
            .put("name", n.name())
            .put("inScope", c.inScope())
            .put("withoutConsent", c.withoutConsent())
            .put("submitted", c.submitted());
    if (scores) {
      json.put("tiers", new JsonArray(c.tiers()));
    }
    if (!n.children().isEmpty()) {
      JsonArray children = new JsonArray();
      n.children().forEach(child -> children.add(node(child, scores)));
      json.put("children", children);
    }
    return json;
  }

  private Window window(long windowId) {
    return windows
        .find(windowId)
        .orElseThrow(() -> new ApiException(404, "not_found", "No such window."));
  }

  private static StaffPrincipal allowed(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    if (p.role() == StaffRole.OPS) {
      throw new ApiException(403, "forbidden", "Your role does not include screening progress.");
    }
    return p;
  }

  static long windowId(RoutingContext ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new ApiException(404, "not_found", "No such window.");
    }
  }
}
