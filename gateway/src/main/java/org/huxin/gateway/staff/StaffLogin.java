package org.huxin.gateway.staff;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.huxin.engine.store.StaffAccount;
import org.huxin.gateway.Services;
import org.huxin.gateway.auth.PasswordHasher;
import org.huxin.gateway.auth.StaffPrincipal;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.http.PublicOrigin;
import org.huxin.gateway.http.RequestBodies;
import org.huxin.gateway.http.Responses;

/**
 * {@code POST /api/staff/login}: username and password in, an HttpOnly SameSite=Strict session
 * cookie out. The Argon2 check runs on {@link PasswordChecks}' own bounded pool; an unknown
 * username costs the same hash as a known one. A sign-in from another site is refused by the same
 * rule as every state-changing staff request ({@link StaffAuth#fromConsole}), so a page elsewhere
 * cannot sign the browser in to an attacker's account.
 */
public final class StaffLogin implements Handler<RoutingContext> {
  /** How long a staff session lasts. */
  public static final Duration SESSION = Duration.ofHours(8);

  private static final String DECOY_HASH = PasswordHasher.hash("decoy-password-never-matches");

  private final Services services;
  private final boolean secureCookie;
  private final PasswordChecks checks;
  private final PublicOrigin origin;

  public StaffLogin(Vertx vertx, Services services, boolean secureCookie) {
    this.services = services;
    this.origin = PublicOrigin.parse(services.publicUrl());
    this.secureCookie = secureCookie;
    this.checks = new PasswordChecks(vertx);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!StaffAuth.fromConsole(ctx, origin)) {
      return;
    }
    JsonObject body = RequestBodies.validated(ctx);
    String username = body.getString("username");
    String password = body.getString("password");
    checks
        .run(() -> check(username, password))
        .onFailure(ctx::fail)
        .onSuccess(
            account -> {
              if (account.isEmpty()) {
                services.metrics().staffLoginFailed();
                ctx.fail(new ApiException(401, "login_failed", "Wrong username or password."));
                return;
              }
              StaffAccount a = account.get();
              Instant expires = services.clock().instant().plus(SESSION);
              StaffPrincipal p =
                  new StaffPrincipal(
                      a.id(),
                      a.username(),
                      a.role(),
                      a.districtId(),
                      a.schoolId(),
                      a.classId(),
                      expires);
              Cookie cookie =
                  Cookie.cookie(StaffAuth.COOKIE, services.tokens().issueStaff(p))
                      .setHttpOnly(true)
                      .setSameSite(CookieSameSite.STRICT)
                      .setSecure(secureCookie)
                      .setPath("/")
                      .setMaxAge(SESSION.toSeconds());
              ctx.response().addCookie(cookie);
              services.metrics().staffLoginSucceeded();
              Responses.json(
                  ctx,
                  new JsonObject()
                      .put("username", a.username())
                      .put("displayName", a.displayName())
                      .put("role", a.role().code())
                      .put("expiresAt", expires.toString()));
            });
  }

  /** {@code GET /api/staff/me}: who the session belongs to, and their scope. */
  public static void me(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    Responses.json(
        ctx,
        new JsonObject()
            .put("accountId", p.accountId())
            .put("username", p.username())
            .put("role", p.role().code())
            .put("districtId", p.districtId())
            .put("schoolId", p.schoolId())
            .put("classId", p.classId())
            .put("seesScores", StaffScope.seesScores(p.role()))
            .put("expiresAt", p.expiresAt().toString()));
  }

  /** {@code POST /api/staff/logout}: clears the session cookie. */
  public void logout(RoutingContext ctx) {
    ctx.response()
        .addCookie(
            Cookie.cookie(StaffAuth.COOKIE, "")
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT)
                .setSecure(secureCookie)
                .setPath("/")
                .setMaxAge(0));
    ctx.response().setStatusCode(204).end();
  }

  private Optional<StaffAccount> check(String username, String password) {
    Optional<StaffAccount> account = services.staffStore().findByUsername(username);
    boolean ok =
        PasswordHasher.verify(password, account.map(StaffAccount::passwordHash).orElse(DECOY_HASH));
    return ok && account.isPresent() && !account.get().disabled() ? account : Optional.empty();
  }
}
