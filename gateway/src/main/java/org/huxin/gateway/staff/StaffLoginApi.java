package org.huxin.gateway.staff;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.huxin.engine.audit.AuditEvent;
import org.huxin.engine.audit.AuditStore;
import org.huxin.engine.staff.Actor;
import org.huxin.engine.staff.ManagedAccount;
import org.huxin.engine.staff.StaffAccount;
import org.huxin.engine.staff.StaffAccountStore;
import org.huxin.engine.staff.StaffSession;
import org.huxin.engine.store.NameCipher;
import org.huxin.gateway.auth.PasswordHasher;
import org.huxin.gateway.auth.SignInThrottle;
import org.huxin.gateway.auth.StaffAuth;
import org.huxin.gateway.auth.StaffPrincipal;
import org.huxin.gateway.auth.StaffScope;
import org.huxin.gateway.auth.StaffSessions;
import org.huxin.gateway.auth.Tokens;
import org.huxin.gateway.config.StaffPolicy;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.http.ClientAddress;
import org.huxin.gateway.http.PublicOrigin;
import org.huxin.gateway.http.RequestBodies;
import org.huxin.gateway.http.Responses;
import org.huxin.gateway.metrics.GatewayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Staff sign-in and the session's own account: {@code POST /api/staff/login} takes username and
 * password and sets an HttpOnly SameSite=Strict session cookie; the signed-in member changes her
 * password, enrols a second factor, reads who she is and signs out. Its only work off the event
 * loop is password hashing, on {@link PasswordChecks}' own bounded pool; every SQL statement runs
 * on the reactive client. An unknown username costs the same hash as a known one. A sign-in from
 * another site is refused by the same rule as every state-changing staff request ({@link
 * StaffAuth#fromConsole}), so a page elsewhere cannot sign the browser in to an attacker's account.
 *
 * <p>Each sign-in opens a {@code staff_session} row, which the token names and which logout and
 * account changes revoke ({@link StaffSessions}). A one-time password (from {@code ./huxin staff}
 * or a reset) signs in to a session that may only change it ({@code POST /api/staff/password}); a
 * role that the deployment requires a second factor of must give its TOTP code, or enrol one first.
 * Every sign-in and sign-out writes an audit row, ok or failed, without the password.
 *
 * <p>A sign-in is one chain: the account read, the hash check (the one hop to a worker), then
 * either the refusal's audit row or one transaction holding the session and its audit row. No
 * transaction stays open across the hash, which can wait in line for seconds during a flood.
 */
public final class StaffLoginApi {

  /** The device cookie: this browser signed in to that username before (see SignInThrottle). */
  static final String DEVICE_COOKIE = "huxin_device";

  /** How long a device cookie lets its browser past the username back-off. */
  static final Duration DEVICE = Duration.ofDays(90);

  private static final Logger LOG = LoggerFactory.getLogger(StaffLoginApi.class);

  private static final String DECOY_HASH = PasswordHasher.hash("decoy-password-never-matches");

  private final StaffAccountStore accounts;
  private final StaffSessions sessions;
  private final Tokens tokens;
  private final AuditStore audit;
  private final Pool pool;
  private final GatewayMetrics metrics;
  private final PublicOrigin origin;
  private final Clock clock;
  private final boolean secureCookie;
  private final PasswordChecks checks;
  private final StaffPolicy policy;
  private final SecondFactor totp;

  public StaffLoginApi(
      Vertx vertx,
      StaffAccountStore accounts,
      StaffSessions sessions,
      Tokens tokens,
      NameCipher names,
      AuditStore audit,
      Pool pool,
      GatewayMetrics metrics,
      PublicOrigin origin,
      Clock clock,
      boolean secureCookie) {
    this.accounts = accounts;
    this.sessions = sessions;
    this.tokens = tokens;
    this.audit = audit;
    this.pool = pool;
    this.metrics = metrics;
    this.origin = origin;
    this.clock = clock;
    this.secureCookie = secureCookie;
    this.checks = new PasswordChecks(vertx);
    this.policy = sessions.policy();
    this.totp = new SecondFactor(names);
  }

  /**
   * The outcome of one sign-in or password change: a session, or the code of the refusal ({@code
   * login_failed}, or {@code otp_required} when the password was right and the account's second
   * factor is missing).
   */
  private record Checked(
      ManagedAccount account,
      StaffSession session,
      String pending,
      String refusal,
      List<UUID> revoked) {
    Checked(ManagedAccount account, StaffSession session, String pending) {
      this(account, session, pending, null, List.of());
    }

    static Checked refused(String code) {
      return new Checked(null, null, null, code, List.of());
    }
  }

  /** {@code POST /api/staff/login}: a session cookie for a right username and password. */
  public void login(RoutingContext ctx) {
    if (!StaffAuth.fromConsole(ctx, origin)) {
      return;
    }
    JsonObject body = RequestBodies.validated(ctx);
    String username = body.getString("username");
    String password = body.getString("password");
    String otp = body.getString("otp");
    String client = ClientAddress.of(ctx);
    String address = ClientAddress.limitKey(client);
    Cookie device = ctx.request().getCookie(DEVICE_COOKIE);
    boolean known = device != null && tokens.isDeviceOf(device.getValue(), username);
    SignInThrottle throttle = sessions.signIns();
    SignInThrottle.Verdict verdict =
        throttle.admit(
            address,
            username,
            known,
            checks.waiting(PasswordChecks.Lane.OPEN) >= PasswordChecks.THREADS);
    if (!verdict.allowed()) {
      metrics.staffLoginFailed();
      if (verdict.firstRefusal()) {
        refused(null, null, "staff_sign_in", "throttled: " + verdict.why() + "; " + client)
            .onFailure(
                e -> LOG.warn("auditing a throttled staff sign-in failed: {}", e.toString()));
      }
      ctx.fail(
          new ApiException(
              429,
              "sign_in_throttled",
              "Too many sign-in attempts; try again in " + verdict.retryAfterSeconds() + " s.",
              null,
              (int) verdict.retryAfterSeconds()));
      return;
    }
    PasswordChecks.Lane lane = known ? PasswordChecks.Lane.TRUSTED : PasswordChecks.Lane.OPEN;
    check(lane, address, username, password, otp, client)
        .andThen(
            done ->
                throttle.finished(
                    address, username, known, done.succeeded() && done.result().refusal() == null))
        .onFailure(ctx::fail)
        .onSuccess(
            checked -> {
              if (checked.refusal() != null) {
                metrics.staffLoginFailed();
                ctx.fail(
                    checked.refusal().equals("otp_required")
                        ? new ApiException(
                            401, "otp_required", "Give the code of your authenticator app.")
                        : new ApiException(401, "login_failed", "Wrong username or password."));
                return;
              }
              sessions.opened(checked.session());
              metrics.staffLoginSucceeded();
              rememberDevice(ctx, username);
              signedIn(ctx, checked.account(), checked.session(), checked.pending());
            });
  }

  /** Sets the device cookie of {@code username}, sent only to the sign-in. */
  private void rememberDevice(RoutingContext ctx, String username) {
    Instant expires = clock.instant().plus(DEVICE);
    ctx.response()
        .addCookie(
            Cookie.cookie(DEVICE_COOKIE, tokens.issueDevice(username, expires))
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT)
                .setSecure(secureCookie)
                .setPath("/api/staff/login")
                .setMaxAge(DEVICE.toSeconds()));
  }

  /** Sets the cookie of {@code session} and answers who signed in. */
  private void signedIn(
      RoutingContext ctx, ManagedAccount managed, StaffSession session, String pending) {
    StaffAccount a = managed.account();
    Instant expires = session.createdAt().plus(StaffSessions.LIFETIME);
    StaffPrincipal p =
        new StaffPrincipal(
            a.id(),
            a.username(),
            a.role(),
            a.districtId(),
            a.schoolId(),
            a.classId(),
            expires,
            session.id().toString(),
            pending);
    Cookie cookie =
        Cookie.cookie(StaffAuth.COOKIE, tokens.issueStaff(p))
            .setHttpOnly(true)
            .setSameSite(CookieSameSite.STRICT)
            .setSecure(secureCookie)
            .setPath("/")
            .setMaxAge(StaffSessions.LIFETIME.toSeconds());
    ctx.response().addCookie(cookie);
    JsonObject out =
        new JsonObject()
            .put("username", a.username())
            .put("displayName", a.displayName())
            .put("role", a.role().code())
            .put("expiresAt", expires.toString());
    if (pending != null) {
      out.put("pending", pending);
    }
    Responses.json(ctx, out);
  }

  /** {@code GET /api/staff/me}: who the session belongs to, and their scope. */
  public static void me(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    JsonObject out =
        new JsonObject()
            .put("accountId", p.accountId())
            .put("username", p.username())
            .put("role", p.role().code())
            .put("districtId", p.districtId())
            .put("schoolId", p.schoolId())
            .put("classId", p.classId())
            .put("seesScores", StaffScope.seesScores(p.role()))
            .put("expiresAt", p.expiresAt().toString());
    if (p.pending() != null) {
      out.put("pending", p.pending());
    }
    Responses.json(ctx, out);
  }

  /**
   * {@code POST /api/staff/logout}: revokes the session on every node (its open streams end too),
   * writes the sign-out audit row and clears the cookie.
   */
  public void logout(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    UUID session = UUID.fromString(p.session());
    Instant now = clock.instant();
    pool.withTransaction(
            tx -> sessions.store().signOut(tx, Actor.of(p.accountId(), p.role()), session, now))
        .onFailure(ctx::fail)
        .onSuccess(
            revoked -> {
              sessions.announce(List.of(session));
              clearCookie(ctx);
              ctx.response().setStatusCode(204).end();
            });
  }

  /**
   * {@code POST /api/staff/password}: the holder sets her own password, giving the current one. The
   * new one must pass {@link PasswordRule}. Every session of the account ends; this one continues
   * in a new session (its cookie replaced), with only the second-factor enrolment still pending
   * where the role requires one.
   */
  public void changePassword(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    JsonObject body = RequestBodies.validated(ctx);
    String current = body.getString("currentPassword");
    String next = body.getString("newPassword");
    PasswordRule.Verdict verdict = PasswordRule.check(next, p.username());
    if (!verdict.ok()) {
      ctx.fail(new ApiException(422, "weak_password", verdict.message()));
      return;
    }
    Instant now = clock.instant();
    Actor self = Actor.of(p.accountId(), p.role());
    accounts
        .find(pool, p.accountId())
        .compose(
            found -> {
              ManagedAccount account = found.orElse(null);
              if (account == null || account.account().disabled()) {
                return Future.<String>succeededFuture(null);
              }
              String stored = account.account().passwordHash();
              return checks.run(
                  () -> PasswordHasher.verify(current, stored) ? PasswordHasher.hash(next) : null);
            })
        .compose(
            hash -> {
              if (hash == null) {
                return refused(
                        p.accountId(), p.role().code(), "staff_change_password", "wrong password")
                    .map(Checked.refused("wrong_password"));
              }
              return pool.withTransaction(
                  tx ->
                      accounts
                          .changePassword(tx, p.accountId(), hash, p.role(), now)
                          .compose(
                              change ->
                                  sessions
                                      .store()
                                      .signIn(tx, self, now, "password changed")
                                      .map(
                                          session ->
                                              new Checked(
                                                  change.account(),
                                                  session,
                                                  pendingAfterPassword(change.account()),
                                                  null,
                                                  change.revokedSessions()))));
            })
        .onFailure(ctx::fail)
        .onSuccess(
            checked -> {
              if (checked.refusal() != null) {
                ctx.fail(new ApiException(403, "wrong_password", "当前密码不正确。"));
                return;
              }
              sessions.announce(checked.revoked());
              sessions.opened(checked.session());
              signedIn(ctx, checked.account(), checked.session(), checked.pending());
            });
  }

  private void clearCookie(RoutingContext ctx) {
    ctx.response()
        .addCookie(
            Cookie.cookie(StaffAuth.COOKIE, "")
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT)
                .setSecure(secureCookie)
                .setPath("/")
                .setMaxAge(0));
  }

  /**
   * The account, the password on the check pool (in {@code lane}, in {@code address}'s turn), the
   * second factor if the account has one, then a session and its audit row in one transaction;
   * every refusal writes its own audit row.
   */
  private Future<Checked> check(
      PasswordChecks.Lane lane,
      String address,
      String username,
      String password,
      String otp,
      String client) {
    // The place in the line is taken before the account is read, so a flood fills the line (and
    // the throttle sees it) at once, not after its reads come back.
    return checks
        .hold(lane, address)
        .compose(
            place ->
                accounts
                    .findByUsername(pool, username)
                    .onFailure(e -> place.leave())
                    .compose(
                        found -> {
                          ManagedAccount account = found.orElse(null);
                          String stored =
                              account == null ? DECOY_HASH : account.account().passwordHash();
                          return place
                              .run(() -> PasswordHasher.verify(password, stored))
                              .compose(ok -> checked(account, ok, otp, client));
                        }));
  }

  /** What follows the password check of {@code account} (null: unknown username). */
  private Future<Checked> checked(ManagedAccount account, boolean ok, String otp, String client) {
    if (account == null) {
      return refused(null, null, "staff_sign_in", "unknown username; " + client)
          .map(Checked.refused("login_failed"));
    }
    StaffAccount a = account.account();
    String role = a.role().code();
    if (!ok || a.disabled()) {
      return refused(
              a.id(),
              role,
              "staff_sign_in",
              (ok ? "account disabled; " : "wrong password; ") + client)
          .map(Checked.refused("login_failed"));
    }
    if (!account.totp()) {
      return openSession(account, client);
    }
    if (otp == null) {
      return refused(a.id(), role, "staff_sign_in", "second factor missing; " + client)
          .map(Checked.refused("otp_required"));
    }
    return accounts
        .totpSecret(pool, a.id())
        .compose(secret -> totp.check(secret.orElseThrow(), otp))
        .compose(
            right ->
                right
                    ? openSession(account, client)
                    : refused(a.id(), role, "staff_sign_in", "wrong second factor; " + client)
                        .map(Checked.refused("login_failed")));
  }

  /** A session of {@code account} and its {@code staff_sign_in} audit row, in one statement. */
  private Future<Checked> openSession(ManagedAccount account, String client) {
    StaffAccount a = account.account();
    String pending =
        account.mustChangePassword()
            ? StaffPrincipal.CHANGE_PASSWORD
            : pendingAfterPassword(account);
    String reason =
        (account.totp() ? "password and second factor" : "password")
            + (pending == null ? "" : "; pending " + pending)
            + "; "
            + client;
    return sessions
        .store()
        .signIn(pool, Actor.of(a.id(), a.role()), clock.instant(), reason)
        .map(session -> new Checked(account, session, pending));
  }

  /**
   * {@code POST /api/staff/totp}: a new TOTP secret for the caller, as an {@code otpauth} URI and
   * QR code, and a sealed copy to confirm with. Nothing is stored until {@link #confirmTotp}.
   */
  public void beginTotp(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    Responses.json(ctx, SecondFactor.json(totp.begin(p.accountId(), p.username())));
  }

  /**
   * {@code POST /api/staff/totp/confirm}: the sealed enrolment and a code from the app. A right
   * code stores the secret (audited, {@code staff_totp_enrol}); the session continues in a new one
   * without the pending enrolment, and every sign-in from now on needs a code.
   */
  public void confirmTotp(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    JsonObject body = RequestBodies.validated(ctx);
    String secret = totp.open(body.getString("enrolment"), p.accountId());
    Instant now = clock.instant();
    UUID old = UUID.fromString(p.session());
    totp.check(secret, body.getString("code"))
        .compose(
            ok ->
                ok
                    ? enrol(p, secret, old, now)
                    : Future.failedFuture(
                        new ApiException(403, "wrong_code", "动态口令不正确，请看手机上最新的 6 位数字。")))
        .onFailure(ctx::fail)
        .onSuccess(
            checked -> {
              sessions.announce(List.of(old));
              sessions.opened(checked.session());
              signedIn(ctx, checked.account(), checked.session(), null);
            });
  }

  /**
   * In one transaction: stores {@code secret}, ends the session {@code old} that enrolled it and
   * opens the one that continues without the pending enrolment.
   */
  private Future<Checked> enrol(StaffPrincipal p, String secret, UUID old, Instant now) {
    Actor self = Actor.of(p.accountId(), p.role());
    byte[] sealed = totp.seal(secret);
    return pool.withTransaction(
        tx ->
            accounts
                .setTotpSecret(tx, self, p.accountId(), sealed, now)
                .compose(
                    change ->
                        sessions
                            .store()
                            .revoke(tx, old, now, "totp_changed")
                            .compose(
                                revoked ->
                                    sessions
                                        .store()
                                        .signIn(tx, self, now, "second factor enrolled"))
                            .map(session -> new Checked(change.account(), session, null))));
  }

  /** What a session must still do once its password is its own. */
  private String pendingAfterPassword(ManagedAccount account) {
    return policy.totpRequired().contains(account.account().role()) && !account.totp()
        ? StaffPrincipal.ENROL_TOTP
        : null;
  }

  /** A failed or refused attempt's audit row, committed on its own; the password never goes in. */
  private Future<Void> refused(Long accountId, String role, String action, String reason) {
    return audit
        .record(
            pool,
            new AuditEvent(
                accountId,
                role,
                action,
                null,
                accountId == null ? "staff sign-in" : "staff account " + accountId,
                reason,
                false))
        .mapEmpty();
  }
}
