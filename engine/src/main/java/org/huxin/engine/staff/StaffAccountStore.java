package org.huxin.engine.staff;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.huxin.engine.audit.AuditEvent;
import org.huxin.engine.audit.AuditStore;
import org.huxin.engine.store.Rows;
import org.huxin.engine.store.Sql;

/**
 * Account changes, each with its audit row ({@code staff_create}, {@code staff_disable}, {@code
 * staff_enable}, {@code staff_reset_password}, {@code staff_change_password}, {@code
 * staff_change_scope}, {@code staff_totp}) and, where the change must end what the account could do
 * before, the revocation of all its live sessions: run each change in a transaction, so that all of
 * it commits or none. Who may make which change is the caller's rule (the gateway's scope rules, or
 * the command line's operator); this class only makes it durable. The audit subject is {@code staff
 * account <id>}: no username or display name goes into the trail. Every method runs on the {@link
 * SqlClient} it is given.
 */
public final class StaffAccountStore {
  private static final String COLUMNS =
      "id, username, password_hash, role, district_id, school_id, class_id, display_name,"
          + " created_at, disabled, must_change_password, password_changed_at,"
          + " totp_secret_enc IS NOT NULL AS totp";

  private static final AuditStore AUDIT = new AuditStore();

  /**
   * Creates {@code account}; with {@code oneTimePassword} its first sign-in must change the
   * password before anything else. Run it in a transaction (the account and its audit row). Fails
   * with {@link org.huxin.engine.store.DuplicateKeyException} if the username is taken.
   */
  public Future<ManagedAccount> create(
      SqlClient tx, Actor actor, NewStaffAccount account, boolean oneTimePassword) {
    Objects.requireNonNull(account, "account");
    return tx.preparedQuery(
            "INSERT INTO staff_account (username, password_hash, role, district_id,"
                + " school_id, class_id, display_name, must_change_password)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING "
                + COLUMNS)
        .execute(
            Tuple.of(
                account.username(),
                account.passwordHash(),
                account.role().code(),
                account.districtId(),
                account.schoolId(),
                account.classId(),
                account.displayName(),
                oneTimePassword))
        .map(rows -> read(rows.iterator().next()))
        .compose(
            created ->
                audit(tx, actor, "staff_create", created.id(), account.role().code()).map(created))
        .recover(Sql.failed("create staff account"));
  }

  public Future<Optional<ManagedAccount>> find(SqlClient client, long id) {
    return findOne(client, "id = $1", id);
  }

  public Future<Optional<ManagedAccount>> findByUsername(SqlClient client, String username) {
    return findOne(client, "username = $1", Objects.requireNonNull(username, "username"));
  }

  /**
   * Accounts of {@code role} (null = any) within {@code districtId} and {@code schoolId} (each null
   * = any), by username; at most {@code limit}.
   */
  public Future<List<ManagedAccount>> list(
      SqlClient client, StaffRole role, Long districtId, Long schoolId, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM staff_account WHERE true");
    Tuple params = Tuple.tuple();
    if (role != null) {
      params.addString(role.code());
      sql.append(" AND role = $").append(params.size());
    }
    if (districtId != null) {
      params.addLong(districtId);
      sql.append(" AND district_id = $").append(params.size());
    }
    if (schoolId != null) {
      params.addLong(schoolId);
      sql.append(" AND school_id = $").append(params.size());
    }
    params.addInteger(limit);
    sql.append(" ORDER BY username LIMIT $").append(params.size());
    return client
        .preparedQuery(sql.toString())
        .execute(params)
        .map(rows -> Rows.list(rows, StaffAccountStore::read))
        .recover(Sql.failed("list staff accounts"));
  }

  /**
   * Disables the account and revokes its sessions, or enables it again. Run it in a transaction.
   */
  public Future<AccountChange> setDisabled(
      SqlClient tx, Actor actor, long id, boolean disabled, Instant now) {
    return change(
        tx,
        actor,
        id,
        disabled ? "staff_disable" : "staff_enable",
        null,
        "disabled = $1",
        Tuple.of(disabled),
        disabled ? "disabled" : null,
        now);
  }

  /**
   * Sets a one-time password made by an administrator: the next sign-in must change it; every
   * session of the account ends. Run it in a transaction.
   */
  public Future<AccountChange> resetPassword(
      SqlClient tx, Actor actor, long id, String passwordHash, Instant now) {
    if (blank(passwordHash)) {
      return Future.failedFuture(blankHash());
    }
    return change(
        tx,
        actor,
        id,
        "staff_reset_password",
        null,
        "password_hash = $1, must_change_password = true, password_changed_at = $2",
        Tuple.of(passwordHash, Rows.at(now)),
        "password_reset",
        now);
  }

  /**
   * The account's holder sets her own password (after a one-time one, or at will): every session of
   * the account ends, the caller opens a new one for the session that asked. Run it in a
   * transaction.
   */
  public Future<AccountChange> changePassword(
      SqlClient tx, long id, String passwordHash, StaffRole role, Instant now) {
    if (blank(passwordHash)) {
      return Future.failedFuture(blankHash());
    }
    return change(
        tx,
        Actor.of(id, role),
        id,
        "staff_change_password",
        null,
        "password_hash = $1, must_change_password = false, password_changed_at = $2",
        Tuple.of(passwordHash, Rows.at(now)),
        "password_changed",
        now);
  }

  /**
   * Gives the account another role and scope (validated as {@link NewStaffAccount} validates a new
   * one); its sessions end, since their tokens carry the old scope. Run it in a transaction.
   */
  public Future<AccountChange> changeScope(
      SqlClient tx,
      Actor actor,
      long id,
      StaffRole role,
      Long districtId,
      Long schoolId,
      Long classId,
      Instant now) {
    try {
      // Validates that the role has the scope it needs; the hash and names are placeholders.
      new NewStaffAccount("x", "x", role, districtId, schoolId, classId, "x");
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return change(
        tx,
        actor,
        id,
        "staff_change_scope",
        role.code(),
        "role = $1, district_id = $2, school_id = $3, class_id = $4",
        Tuple.of(role.code(), districtId, schoolId, classId),
        "scope_changed",
        now);
  }

  /**
   * Stores the account's TOTP secret, already encrypted under the data key (null removes the second
   * factor and ends the account's sessions). Run it in a transaction.
   */
  public Future<AccountChange> setTotpSecret(
      SqlClient tx, Actor actor, long id, byte[] encryptedSecret, Instant now) {
    return change(
        tx,
        actor,
        id,
        encryptedSecret == null ? "staff_totp_remove" : "staff_totp_enrol",
        null,
        "totp_secret_enc = $1",
        Tuple.of(encryptedSecret == null ? null : Buffer.buffer(encryptedSecret)),
        encryptedSecret == null ? "totp_changed" : null,
        now);
  }

  /** The encrypted TOTP secret of the account, if it enrolled one. */
  public Future<Optional<byte[]>> totpSecret(SqlClient client, long id) {
    return client
        .preparedQuery("SELECT totp_secret_enc FROM staff_account WHERE id = $1")
        .execute(Tuple.of(id))
        .map(
            rows -> {
              Buffer secret = Rows.first(rows, row -> row.getBuffer(0));
              return Optional.ofNullable(secret == null ? null : secret.getBytes());
            })
        .recover(Sql.failed("read the second factor of staff account " + id));
  }

  /**
   * The full scope of {@code role} from the ids given: the narrowest unit the role needs must
   * exist, the wider ones are filled in from it, and any given must agree with it (compared by
   * value). Fails with {@link NoSuchUnitException} naming the id that is unknown or does not fit
   * the others, and with {@link IllegalArgumentException} when the role lacks an id it needs or has
   * one it must not.
   */
  public Future<Scope> scopeOf(
      SqlClient client, StaffRole role, Long districtId, Long schoolId, Long classId) {
    Objects.requireNonNull(role, "role");
    Future<Scope> scope =
        switch (role) {
          case CITY_ADMIN, OPS -> {
            if (districtId != null || schoolId != null || classId != null) {
              yield Future.failedFuture(
                  new IllegalArgumentException(
                      "role "
                          + role.code()
                          + " covers the whole city; give no district, school or class"));
            }
            yield Future.succeededFuture(new Scope(null, null, null));
          }
          case DISTRICT_ADMIN -> {
            if (districtId == null || schoolId != null || classId != null) {
              yield Future.failedFuture(
                  new IllegalArgumentException(
                      "role district_admin needs a district and no school or class"));
            }
            yield lookup(client, "SELECT id FROM district WHERE id = $1", districtId)
                .map(
                    found -> {
                      if (found == null) {
                        throw new NoSuchUnitException("district " + districtId + " does not exist");
                      }
                      return new Scope(districtId, null, null);
                    });
          }
          case SCHOOL_PSYCHOLOGIST -> {
            if (schoolId == null || classId != null) {
              yield Future.failedFuture(
                  new IllegalArgumentException(
                      "role school_psychologist needs a school and no class"));
            }
            yield lookup(client, "SELECT district_id FROM school WHERE id = $1", schoolId)
                .map(
                    district ->
                        new Scope(
                            agree(district, districtId, "school " + schoolId, "district"),
                            schoolId,
                            null));
          }
          case HEAD_TEACHER -> {
            if (classId == null) {
              yield Future.failedFuture(
                  new IllegalArgumentException("role head_teacher needs a class"));
            }
            yield lookup(client, "SELECT school_id FROM school_class WHERE id = $1", classId)
                .compose(
                    school -> {
                      agree(school, schoolId, "class " + classId, "school");
                      return lookup(client, "SELECT district_id FROM school WHERE id = $1", school)
                          .map(
                              district ->
                                  new Scope(
                                      agree(district, districtId, "class " + classId, "district"),
                                      school,
                                      classId));
                    });
          }
        };
    return scope.recover(Sql.failed("check the scope of a staff account"));
  }

  /** {@code found} when {@code given} is null or equal; fails when the unit or the match is not. */
  private static Long agree(Long found, Long given, String unit, String what) {
    if (found == null) {
      throw new NoSuchUnitException(unit + " does not exist");
    }
    if (given != null && !given.equals(found)) {
      throw new NoSuchUnitException(unit + " is not in " + what + " " + given);
    }
    return found;
  }

  private static Future<Long> lookup(SqlClient client, String sql, Long id) {
    if (id == null) {
      return Future.succeededFuture(null);
    }
    return client
        .preparedQuery(sql)
        .execute(Tuple.of(id))
        .map(rows -> Rows.first(rows, row -> row.getLong(0)));
  }

  /**
   * Sets {@code set} (its parameters {@code $1..} in {@code params}) on account {@code id}, revokes
   * its live sessions when {@code revokeReason} is given, and writes the audit row, pipelined on
   * the caller's transaction; fails with {@link NoSuchAccountException} when there is no such
   * account, which rolls the transaction back.
   */
  private Future<AccountChange> change(
      SqlClient tx,
      Actor actor,
      long id,
      String action,
      String reason,
      String set,
      Tuple params,
      String revokeReason,
      Instant now) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(now, "now");
    int n = params.size();
    Future<RowSet<Row>> updated =
        tx.preparedQuery(
                "UPDATE staff_account SET "
                    + set
                    + ", updated_at = $"
                    + (n + 1)
                    + " WHERE id = $"
                    + (n + 2)
                    + " RETURNING "
                    + COLUMNS)
            .execute(params.addOffsetDateTime(Rows.at(now)).addLong(id));
    Future<List<UUID>> revoked =
        revokeReason == null
            ? Future.succeededFuture(List.of())
            : SessionStore.revokeAll(tx, id, now, revokeReason);
    Future<Void> audited = audit(tx, actor, action, id, reason);
    return Future.all(updated, revoked, audited)
        .recover(Sql.failed(action + " of staff account " + id))
        .compose(
            done -> {
              ManagedAccount changed = Rows.first(updated.result(), StaffAccountStore::read);
              return changed == null
                  ? Future.failedFuture(new NoSuchAccountException(id))
                  : Future.succeededFuture(new AccountChange(changed, revoked.result()));
            });
  }

  private Future<Optional<ManagedAccount>> findOne(SqlClient client, String where, Object key) {
    return client
        .preparedQuery("SELECT " + COLUMNS + " FROM staff_account WHERE " + where)
        .execute(Tuple.of(key))
        .map(rows -> Optional.ofNullable(Rows.first(rows, StaffAccountStore::read)))
        .recover(Sql.failed("find a staff account"));
  }

  /** Writes one audit row about account {@code accountId}; run it in the change's transaction. */
  static Future<Void> audit(
      SqlClient tx, Actor actor, String action, long accountId, String reason) {
    return AUDIT
        .record(
            tx,
            new AuditEvent(
                actor.accountId(),
                actor.role(),
                action,
                null,
                "staff account " + accountId,
                reason,
                true))
        .mapEmpty();
  }

  private static boolean blank(String hash) {
    return hash == null || hash.isBlank();
  }

  private static IllegalArgumentException blankHash() {
    return new IllegalArgumentException("a password hash must not be blank");
  }

  private static ManagedAccount read(Row row) {
    StaffAccount account =
        new StaffAccount(
            row.getLong("id"),
            row.getString("username"),
            row.getString("password_hash"),
            StaffRole.fromCode(row.getString("role")),
            row.getLong("district_id"),
            row.getLong("school_id"),
            row.getLong("class_id"),
            row.getString("display_name"),
            Rows.instant(row, "created_at"),
            row.getBoolean("disabled"));
    return new ManagedAccount(
        account,
        row.getBoolean("must_change_password"),
        Rows.instant(row, "password_changed_at"),
        row.getBoolean("totp"));
  }
}
