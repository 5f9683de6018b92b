package org.huxin.gateway.auth;

import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.http.EventStream;
import org.huxin.gateway.http.PublicOrigin;

/**
 * Puts the verified {@link StaffPrincipal} of the session cookie on the context, or answers 401:
 * the token must be signed and unexpired and its session live on this node's view ({@link
 * StaffSessions}: not signed out, not revoked by an account change, not idle). A session with a
 * step pending (a one-time password to change, a required second factor to enrol) may only reach
 * {@link #PENDING_PATHS}; anything else answers 403 with the step's code. A state-changing request
 * whose {@code Origin} is another site is refused, and so is one without an {@code Origin} whose
 * {@code Referer} is another site (the cookie is also SameSite=Strict), so a page elsewhere cannot
 * act with a staff member's session. "This site" is the origin of {@code HUXIN_PUBLIC_URL}, never
 * the {@code Host} header, which a reverse proxy rewrites.
 */
public final class StaffAuth implements Handler<RoutingContext> {
  /** Context key of the verified principal. */
  public static final String PRINCIPAL = "huxin.staff";

  /** Name of the session cookie. */
  public static final String COOKIE = "huxin_staff";

  /** Where a session with a pending step may go: who am I, sign out, and the step itself. */
  static final java.util.Set<String> PENDING_PATHS =
      java.util.Set.of(
          "/api/staff/me",
          "/api/staff/logout",
          "/api/staff/password",
          "/api/staff/totp",
          "/api/staff/totp/confirm");

  private final Tokens tokens;
  private final StaffSessions sessions;
  private final PublicOrigin origin;

  public StaffAuth(Tokens tokens, StaffSessions sessions, PublicOrigin origin) {
    this.tokens = tokens;
    this.sessions = sessions;
    this.origin = origin;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!fromConsole(ctx, origin)) {
      return;
    }
    Cookie cookie = ctx.request().getCookie(COOKIE);
    tokens
        .verifyStaff(cookie == null ? null : cookie.getValue())
        .compose(p -> sessions.check(p).map(p))
        .onSuccess(
            p -> {
              if (p.pending() != null && !PENDING_PATHS.contains(ctx.request().path())) {
                ctx.fail(
                    new ApiException(
                        403,
                        p.pending(),
                        p.pending().equals(StaffPrincipal.CHANGE_PASSWORD)
                            ? "请先修改初始密码。"
                            : "请先绑定动态口令（两步验证）。"));
                return;
              }
              ctx.put(PRINCIPAL, p);
              ctx.put(EventStream.SESSION_WATCH, sessions.watch(p));
              ctx.next();
            })
        .onFailure(e -> ctx.fail(new ApiException(401, "not_signed_in", "Please sign in.")));
  }

  /**
   * Whether a request may go on: a GET always; any other method only when its {@code Origin} (or,
   * without one, its {@code Referer}) is the public origin, or when it names neither. Otherwise
   * fails the request with 403 {@code cross_origin} and returns false. The sign-in applies the same
   * rule, so another site cannot sign a staff member in to an account of its choosing.
   */
  public static boolean fromConsole(RoutingContext ctx, PublicOrigin origin) {
    if (ctx.request().method() == HttpMethod.GET || sameOrigin(ctx, origin)) {
      return true;
    }
    ctx.fail(new ApiException(403, "cross_origin", "This request must come from the console."));
    return false;
  }

  private static boolean sameOrigin(RoutingContext ctx, PublicOrigin origin) {
    String from = ctx.request().getHeader("Origin");
    if (from == null) {
      from = ctx.request().getHeader("Referer");
      if (from == null) {
        return true; // not a browser cross-site request; SameSite keeps the cookie off those
      }
    }
    return origin.matches(from);
  }
}
