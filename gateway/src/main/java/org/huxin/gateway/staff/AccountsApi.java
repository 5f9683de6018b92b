package org.huxin.gateway.staff;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.huxin.engine.staff.AccountChange;
import org.huxin.engine.staff.Actor;
import org.huxin.engine.staff.ManagedAccount;
import org.huxin.engine.staff.NewStaffAccount;
import org.huxin.engine.staff.NoSuchUnitException;
import org.huxin.engine.staff.Scope;
import org.huxin.engine.staff.StaffAccount;
import org.huxin.engine.staff.StaffAccountStore;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.store.DuplicateKeyException;
import org.huxin.gateway.auth.PasswordHasher;
import org.huxin.gateway.auth.StaffAudit;
import org.huxin.gateway.auth.StaffPrincipal;
import org.huxin.gateway.auth.StaffScope;
import org.huxin.gateway.auth.StaffSessions;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.http.RequestBodies;
import org.huxin.gateway.http.Responses;

/**
 * The console's 账号管理 ({@code /api/staff/accounts...}): list, create (a one-time password shown
 * once), disable, enable, reset the password of, and re-scope the accounts within the caller's
 * reach ({@link #manages}):
 *
 * <ul>
 *   <li>a city admin, every account but her own (her own password she changes herself);
 *   <li>a district admin, the school psychologists and head teachers of her district;
 *   <li>a school psychologist, the head teachers of her school;
 *   <li>head teachers and ops, none (403).
 * </ul>
 *
 * A role the caller may never grant answers 403; an account, school, class or district outside the
 * caller's reach answers 404, as if it did not exist, and the attempt is audited with {@code ok =
 * false}. Scopes are compared by value. Every change is audited in its own transaction ({@link
 * StaffAccountStore}) and the sessions it revokes end on every node at once. Its only work off the
 * event loop is password hashing, on {@link PasswordChecks}; every SQL statement runs on the
 * reactive client.
 */
public final class AccountsApi {
  private static final int LIST_LIMIT = 2_000;
  private static final ApiException NO_SUCH_ACCOUNT = new ApiException(404, "not_found", "没有这个账号。");

  private final Pool pool;
  private final StaffAccountStore accounts;
  private final StaffSessions sessions;
  private final StaffAudit audit;
  private final Clock clock;
  private final PasswordChecks hashing;

  public AccountsApi(
      Vertx vertx,
      Pool pool,
      StaffAccountStore accounts,
      StaffSessions sessions,
      StaffAudit audit,
      Clock clock) {
    this.pool = pool;
    this.accounts = accounts;
    this.sessions = sessions;
    this.audit = audit;
    this.clock = clock;
    this.hashing = new PasswordChecks(vertx);
  }

  /** The roles {@code p} may create and manage; empty for head teachers and ops. */
  private static Set<StaffRole> grantable(StaffPrincipal p) {
    return switch (p.role()) {
      case CITY_ADMIN -> EnumSet.allOf(StaffRole.class);
      case DISTRICT_ADMIN -> EnumSet.of(StaffRole.SCHOOL_PSYCHOLOGIST, StaffRole.HEAD_TEACHER);
      case SCHOOL_PSYCHOLOGIST -> EnumSet.of(StaffRole.HEAD_TEACHER);
      case HEAD_TEACHER, OPS -> EnumSet.noneOf(StaffRole.class);
    };
  }

  /** Whether {@code p} may manage an account of {@code role} over {@code scope} (by value). */
  private static boolean manages(StaffPrincipal p, StaffRole role, Scope scope) {
    if (!grantable(p).contains(role)) {
      return false;
    }
    return switch (p.role()) {
      case CITY_ADMIN -> true;
      case DISTRICT_ADMIN -> Objects.equals(p.districtId(), scope.districtId());
      case SCHOOL_PSYCHOLOGIST -> Objects.equals(p.schoolId(), scope.schoolId());
      case HEAD_TEACHER, OPS -> false;
    };
  }

  private static boolean manages(StaffPrincipal p, StaffAccount a) {
    return a.id() != p.accountId()
        && manages(p, a.role(), new Scope(a.districtId(), a.schoolId(), a.classId()));
  }

  /** {@code GET /api/staff/accounts}: the accounts the caller manages, and the roles she grants. */
  public void list(RoutingContext ctx) {
    StaffPrincipal p = manager(ctx);
    Long district = p.role() == StaffRole.DISTRICT_ADMIN ? p.districtId() : null;
    Long school = p.role() == StaffRole.SCHOOL_PSYCHOLOGIST ? p.schoolId() : null;
    accounts
        .list(pool, null, district, school, LIST_LIMIT)
        .onFailure(ctx::fail)
        .onSuccess(
            found -> {
              JsonArray out = new JsonArray();
              found.stream().filter(m -> manages(p, m.account())).forEach(m -> out.add(json(m)));
              JsonArray roles = new JsonArray();
              grantable(p).forEach(r -> roles.add(r.code()));
              Responses.json(ctx, new JsonObject().put("accounts", out).put("roles", roles));
            });
  }

  /** {@code POST /api/staff/accounts}: a new account and its one-time password, shown once. */
  public void create(RoutingContext ctx) {
    StaffPrincipal p = manager(ctx);
    JsonObject body = RequestBodies.validated(ctx);
    StaffRole role = role(body.getString("role"));
    if (!grantable(p).contains(role)) {
      throw new ApiException(403, "forbidden", "你的角色不能创建这种账号。");
    }
    String username = body.getString("username").strip();
    String name = body.getString("displayName").strip();
    Long districtId = defaulted(body.getLong("districtId"), p, role);
    Long school = body.getLong("schoolId");
    Long classId = body.getLong("classId");
    String subject = "new " + role.code() + " district=" + districtId + " school=" + school;
    String password = StaffCli.oneTimePassword();
    scopeOrNull(pool, role, districtId, school, classId)
        .compose(
            scope -> {
              if (scope == null || !manages(p, role, scope)) {
                return audit.<Scope>refuse(ctx, "staff_create", subject, "school or district.");
              }
              return Future.succeededFuture(scope);
            })
        .compose(
            scope ->
                hashing
                    .run(() -> PasswordHasher.hash(password))
                    .compose(
                        hash ->
                            pool.withTransaction(
                                tx ->
                                    accounts.create(
                                        tx,
                                        actor(p),
                                        new NewStaffAccount(
                                            username,
                                            hash,
                                            role,
                                            scope.districtId(),
                                            scope.schoolId(),
                                            scope.classId(),
                                            name),
                                        true))))
        .onFailure(
            e ->
                ctx.fail(
                    e instanceof DuplicateKeyException
                        ? new ApiException(409, "username_taken", "这个用户名已被使用。")
                        : e))
        .onSuccess(
            created ->
                Responses.json(
                    ctx,
                    201,
                    new JsonObject()
                        .put("account", json(created))
                        .put("oneTimePassword", password)));
  }

  /** {@code POST /api/staff/accounts/:id/disable}: refuses sign-in and ends every session. */
  public void disable(RoutingContext ctx) {
    change(
        ctx,
        "staff_disable",
        (p, a, now) ->
            pool.withTransaction(tx -> accounts.setDisabled(tx, actor(p), a.id(), true, now)));
  }

  /** {@code POST /api/staff/accounts/:id/enable}: lets the account sign in again. */
  public void enable(RoutingContext ctx) {
    change(
        ctx,
        "staff_enable",
        (p, a, now) ->
            pool.withTransaction(tx -> accounts.setDisabled(tx, actor(p), a.id(), false, now)));
  }

  /**
   * {@code POST /api/staff/accounts/:id/reset-password}: a new one-time password, shown once; the
   * account's sessions end and its next sign-in must change it.
   */
  public void resetPassword(RoutingContext ctx) {
    String password = StaffCli.oneTimePassword();
    change(
        ctx,
        "staff_reset_password",
        (p, a, now) ->
            hashing
                .run(() -> PasswordHasher.hash(password))
                .compose(
                    hash ->
                        pool.withTransaction(
                            tx -> accounts.resetPassword(tx, actor(p), a.id(), hash, now))),
        password);
  }

  /**
   * {@code PUT /api/staff/accounts/:id/scope}: another role and scope, both within the caller's
   * reach; the account's sessions end (their tokens carry the old scope).
   */
  public void changeScope(RoutingContext ctx) {
    JsonObject body = RequestBodies.validated(ctx);
    StaffRole role = role(body.getString("role"));
    StaffPrincipal caller = manager(ctx);
    if (!grantable(caller).contains(role)) {
      throw new ApiException(403, "forbidden", "你的角色不能授予这种角色。");
    }
    Long districtId = defaulted(body.getLong("districtId"), caller, role);
    Long schoolId = body.getLong("schoolId");
    Long classId = body.getLong("classId");
    change(
        ctx,
        "staff_change_scope",
        (p, a, now) ->
            pool.withTransaction(
                tx ->
                    scopeOrNull(tx, role, districtId, schoolId, classId)
                        .compose(
                            scope ->
                                scope == null || !manages(p, role, scope)
                                    ? Future.<AccountChange>succeededFuture(null)
                                    : accounts.changeScope(
                                        tx,
                                        actor(p),
                                        a.id(),
                                        role,
                                        scope.districtId(),
                                        scope.schoolId(),
                                        scope.classId(),
                                        now))));
  }

  /** One change of an existing account, in a transaction of its own. */
  @FunctionalInterface
  private interface Change {
    /** The committed change, or null when the new scope is outside the caller's reach. */
    Future<AccountChange> apply(StaffPrincipal p, StaffAccount target, Instant now);
  }

  private void change(RoutingContext ctx, String action, Change change) {
    change(ctx, action, change, null);
  }

  private void change(RoutingContext ctx, String action, Change change, String oneTimePassword) {
    StaffPrincipal p = manager(ctx);
    long id = accountId(ctx);
    Instant now = clock.instant();
    String subject = "staff account " + id;
    accounts
        .find(pool, id)
        .compose(
            found -> {
              if (found.isEmpty() || !manages(p, found.get().account())) {
                return audit.<AccountChange>refuse(ctx, action, subject, "account.");
              }
              StaffAccount target = found.get().account();
              return change
                  .apply(p, target, now)
                  .compose(
                      done ->
                          done == null
                              ? audit.<AccountChange>refuse(
                                  ctx, action, subject, "school or district.")
                              : Future.succeededFuture(done));
            })
        .onFailure(ctx::fail)
        .onSuccess(
            done -> {
              sessions.announce(done.revokedSessions());
              JsonObject out = new JsonObject().put("account", json(done.account()));
              if (oneTimePassword != null) {
                out.put("oneTimePassword", oneTimePassword);
              }
              out.put("sessionsEnded", done.revokedSessions().size());
              Responses.json(ctx, out);
            });
  }

  private static Actor actor(StaffPrincipal p) {
    return Actor.of(p.accountId(), p.role());
  }

  private static StaffPrincipal manager(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    if (grantable(p).isEmpty()) {
      throw new ApiException(403, "forbidden", "你的角色不能管理账号。");
    }
    return p;
  }

  /** A district admin's accounts are in her district unless she says otherwise. */
  private static Long defaulted(Long districtId, StaffPrincipal p, StaffRole role) {
    if (districtId == null
        && p.role() == StaffRole.DISTRICT_ADMIN
        && role == StaffRole.DISTRICT_ADMIN) {
      return p.districtId();
    }
    return districtId;
  }

  private static StaffRole role(String code) {
    try {
      return StaffRole.fromCode(code);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("bad_field", "Field 'role': " + e.getMessage());
    }
  }

  /**
   * The full scope, or null when it names a unit that does not exist or does not fit (answered as
   * not found, like a unit outside the caller's scope); a role without the id it needs is a 400.
   */
  private Future<Scope> scopeOrNull(
      SqlClient client, StaffRole role, Long districtId, Long schoolId, Long classId) {
    return accounts
        .scopeOf(client, role, districtId, schoolId, classId)
        .recover(
            e -> {
              if (e instanceof NoSuchUnitException) {
                return Future.succeededFuture(null);
              }
              if (e instanceof IllegalArgumentException) {
                return Future.failedFuture(
                    ApiException.badRequest("bad_scope", "账号范围不正确：" + e.getMessage()));
              }
              return Future.failedFuture(e);
            });
  }

  private static long accountId(RoutingContext ctx) {
    try {
      long id = Long.parseLong(ctx.pathParam("id"));
      if (id < 1) {
        throw NO_SUCH_ACCOUNT;
      }
      return id;
    } catch (NumberFormatException e) {
      throw NO_SUCH_ACCOUNT;
    }
  }

  private static JsonObject json(ManagedAccount m) {
    StaffAccount a = m.account();
    return new JsonObject()
        .put("id", a.id())
        .put("username", a.username())
        .put("displayName", a.displayName())
        .put("role", a.role().code())
        .put("districtId", a.districtId())
        .put("schoolId", a.schoolId())
        .put("classId", a.classId())
        .put("disabled", a.disabled())
        .put("mustChangePassword", m.mustChangePassword())
        .put("totp", m.totp())
        .put("createdAt", a.createdAt().toString());
  }
}
