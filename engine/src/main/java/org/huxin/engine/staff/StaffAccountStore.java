package org.huxin.engine.staff;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.huxin.engine.store.Jdbc;
import org.huxin.engine.store.Sql;
import org.huxin.engine.store.Transactions;
import org.huxin.engine.store.Transactions.Work;

/**
 * Account changes, each in one transaction with its audit row ({@code staff_create}, {@code
 * staff_disable}, {@code staff_enable}, {@code staff_reset_password}, {@code
 * staff_change_password}, {@code staff_change_scope}, {@code staff_totp}) and, where the change
 * must end what the account could do before, the revocation of all its live sessions. Who may make
 * which change is the caller's rule (the gateway's scope rules, or the command line's operator);
 * this class only makes it durable. The audit subject is {@code staff account <id>}: no username or
 * display name goes into the trail.
 */
public final class StaffAccountStore {
  private static final String COLUMNS =
      "id, username, password_hash, role, district_id, school_id, class_id, display_name,"
          + " created_at, disabled, must_change_password, password_changed_at,"
          + " totp_secret_enc IS NOT NULL AS totp";

  private final DataSource dataSource;

  public StaffAccountStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * Creates {@code account}; with {@code oneTimePassword} its first sign-in must change the
   * password before anything else.
   *
   * @throws org.huxin.engine.store.DuplicateKeyException if the username is taken
   */
  public ManagedAccount create(Actor actor, NewStaffAccount account, boolean oneTimePassword) {
    Objects.requireNonNull(account, "account");
    return transact(
        "create staff account",
        c -> {
          ManagedAccount created;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO staff_account (username, password_hash, role, district_id,"
                      + " school_id, class_id, display_name, must_change_password)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING "
                      + COLUMNS)) {
            ps.setString(1, account.username());
            ps.setString(2, account.passwordHash());
            ps.setString(3, account.role().code());
            setLong(ps, 4, account.districtId());
            setLong(ps, 5, account.schoolId());
            setLong(ps, 6, account.classId());
            ps.setString(7, account.displayName());
            ps.setBoolean(8, oneTimePassword);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              created = read(rs);
            }
          }
          audit(c, actor, "staff_create", created.id(), account.role().code());
          return created;
        });
  }

  public Optional<ManagedAccount> find(long id) {
    return findOne("id = ?", id);
  }

  public Optional<ManagedAccount> findByUsername(String username) {
    return findOne("username = ?", Objects.requireNonNull(username, "username"));
  }

  /**
   * Accounts of {@code role} (null = any) within {@code districtId} and {@code schoolId} (each null
   * = any), by username; at most {@code limit}.
   */
  public List<ManagedAccount> list(StaffRole role, Long districtId, Long schoolId, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM staff_account WHERE true");
    List<Object> params = new ArrayList<>();
    if (role != null) {
      sql.append(" AND role = ?");
      params.add(role.code());
    }
    if (districtId != null) {
      sql.append(" AND district_id = ?");
      params.add(districtId);
    }
    if (schoolId != null) {
      sql.append(" AND school_id = ?");
      params.add(schoolId);
    }
    sql.append(" ORDER BY username LIMIT ?");
    params.add((long) limit);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      List<ManagedAccount> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw Sql.failure("list staff accounts", e);
    }
  }

  /** Disables the account and revokes its sessions, or enables it again. */
  public AccountChange setDisabled(Actor actor, long id, boolean disabled, Instant now) {
    return change(
        actor,
        id,
        disabled ? "staff_disable" : "staff_enable",
        null,
        "disabled = ?",
        ps -> ps.setBoolean(1, disabled),
        1,
        disabled ? "disabled" : null,
        now);
  }

  /**
   * Sets a one-time password made by an administrator: the next sign-in must change it; every
   * session of the account ends.
   */
  public AccountChange resetPassword(Actor actor, long id, String passwordHash, Instant now) {
    return change(
        actor,
        id,
        "staff_reset_password",
        null,
        "password_hash = ?, must_change_password = true, password_changed_at = ?",
        ps -> {
          ps.setString(1, requireHash(passwordHash));
          ps.setTimestamp(2, Timestamp.from(now));
        },
        2,
        "password_reset",
        now);
  }

  /**
   * The account's holder sets her own password (after a one-time one, or at will): every session of
   * the account ends, the caller opens a new one for the session that asked.
   */
  public AccountChange changePassword(long id, String passwordHash, StaffRole role, Instant now) {
    return change(
        Actor.of(id, role),
        id,
        "staff_change_password",
        null,
        "password_hash = ?, must_change_password = false, password_changed_at = ?",
        ps -> {
          ps.setString(1, requireHash(passwordHash));
          ps.setTimestamp(2, Timestamp.from(now));
        },
        2,
        "password_changed",
        now);
  }

  /**
   * Gives the account another role and scope (validated as {@link NewStaffAccount} validates a new
   * one); its sessions end, since their tokens carry the old scope.
   */
  public AccountChange changeScope(
      Actor actor,
      long id,
      StaffRole role,
      Long districtId,
      Long schoolId,
      Long classId,
      Instant now) {
    // Validates that the role has the scope it needs; the hash and names are placeholders.
    new NewStaffAccount("x", "x", role, districtId, schoolId, classId, "x");
    return change(
        actor,
        id,
        "staff_change_scope",
        role.code(),
        "role = ?, district_id = ?, school_id = ?, class_id = ?",
        ps -> {
          ps.setString(1, role.code());
          setLong(ps, 2, districtId);
          setLong(ps, 3, schoolId);
          setLong(ps, 4, classId);
        },
        4,
        "scope_changed",
        now);
  }

  /**
   * Stores the account's TOTP secret, already encrypted under the data key (null removes the second
   * factor and ends the account's sessions).
   */
  public AccountChange setTotpSecret(Actor actor, long id, byte[] encryptedSecret, Instant now) {
    return change(
        actor,
        id,
        encryptedSecret == null ? "staff_totp_remove" : "staff_totp_enrol",
        null,
        "totp_secret_enc = ?",
        ps -> {
          if (encryptedSecret == null) {
            ps.setNull(1, Types.BINARY);
          } else {
            ps.setBytes(1, encryptedSecret);
          }
        },
        1,
        encryptedSecret == null ? "totp_changed" : null,
        now);
  }

  /** The encrypted TOTP secret of the account, if it enrolled one. */
  public Optional<byte[]> totpSecret(long id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT totp_secret_enc FROM staff_account WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getBytes(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw Sql.failure("read the second factor of staff account " + id, e);
    }
  }

  /**
   * The full scope of {@code role} from the ids given: the narrowest unit the role needs must
   * exist, the wider ones are filled in from it, and any given must agree with it (compared by
   * value).
   *
   * @throws NoSuchUnitException naming the id that is unknown or does not fit the others
   * @throws IllegalArgumentException when the role lacks an id it needs or has one it must not
   */
  public Scope scopeOf(StaffRole role, Long districtId, Long schoolId, Long classId) {
    Objects.requireNonNull(role, "role");
    try (Connection c = dataSource.getConnection()) {
      switch (role) {
        case CITY_ADMIN, OPS -> {
          if (districtId != null || schoolId != null || classId != null) {
            throw new IllegalArgumentException(
                "role "
                    + role.code()
                    + " covers the whole city; give no district, school or class");
          }
          return new Scope(null, null, null);
        }
        case DISTRICT_ADMIN -> {
          if (districtId == null || schoolId != null || classId != null) {
            throw new IllegalArgumentException(
                "role district_admin needs a district and no school or class");
          }
          if (lookup(c, "SELECT id FROM district WHERE id = ?", districtId) == null) {
            throw new NoSuchUnitException("district " + districtId + " does not exist");
          }
          return new Scope(districtId, null, null);
        }
        case SCHOOL_PSYCHOLOGIST -> {
          if (schoolId == null || classId != null) {
            throw new IllegalArgumentException(
                "role school_psychologist needs a school and no class");
          }
          Long district = lookup(c, "SELECT district_id FROM school WHERE id = ?", schoolId);
          return new Scope(
              agree(district, districtId, "school " + schoolId, "district"), schoolId, null);
        }
        case HEAD_TEACHER -> {
          if (classId == null) {
            throw new IllegalArgumentException("role head_teacher needs a class");
          }
          Long school = lookup(c, "SELECT school_id FROM school_class WHERE id = ?", classId);
          agree(school, schoolId, "class " + classId, "school");
          Long district = lookup(c, "SELECT district_id FROM school WHERE id = ?", school);
          return new Scope(
              agree(district, districtId, "class " + classId, "district"), school, classId);
        }
      }
      throw new IllegalArgumentException("role " + role.code());
    } catch (SQLException e) {
      throw Sql.failure("check the scope of a staff account", e);
    }
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

  private static Long lookup(Connection c, String sql, Long id) throws SQLException {
    if (id == null) {
      return null;
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  private AccountChange change(
      Actor actor,
      long id,
      String action,
      String reason,
      String set,
      Jdbc.Binder binder,
      int setParams,
      String revokeReason,
      Instant now) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(now, "now");
    return transact(
        action + " of staff account " + id,
        c -> {
          ManagedAccount changed;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE staff_account SET "
                      + set
                      + ", updated_at = ? WHERE id = ? RETURNING "
                      + COLUMNS)) {
            binder.bind(ps);
            ps.setTimestamp(setParams + 1, Timestamp.from(now));
            ps.setLong(setParams + 2, id);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new NoSuchAccountException(id);
              }
              changed = read(rs);
            }
          }
          List<UUID> revoked =
              revokeReason == null ? List.of() : SessionStore.revokeAll(c, id, now, revokeReason);
          audit(c, actor, action, id, reason);
          return new AccountChange(changed, revoked);
        });
  }

  private Optional<ManagedAccount> findOne(String where, Object key) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM staff_account WHERE " + where)) {
      ps.setObject(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw Sql.failure("find a staff account", e);
    }
  }

  private <T> T transact(String what, Work<T, RuntimeException> work) {
    try {
      return Transactions.inTransaction(dataSource, work);
    } catch (SQLException e) {
      throw Sql.failure(what, e);
    }
  }

  /** Writes one audit row about account {@code accountId} on {@code c}'s transaction. */
  static void audit(Connection c, Actor actor, String action, long accountId, String reason)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO audit (actor_id, actor_role, action, subject, reason, ok)"
                + " VALUES (?, ?, ?, ?, ?, true)")) {
      setLong(ps, 1, actor.accountId());
      ps.setString(2, actor.role());
      ps.setString(3, action);
      ps.setString(4, "staff account " + accountId);
      ps.setString(5, reason);
      ps.executeUpdate();
    }
  }

  private static String requireHash(String hash) {
    if (hash == null || hash.isBlank()) {
      throw new IllegalArgumentException("a password hash must not be blank");
    }
    return hash;
  }

  static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  private static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  private static ManagedAccount read(ResultSet rs) throws SQLException {
    StaffAccount account =
        new StaffAccount(
            rs.getLong("id"),
            rs.getString("username"),
            rs.getString("password_hash"),
            StaffRole.fromCode(rs.getString("role")),
            nullableLong(rs, "district_id"),
            nullableLong(rs, "school_id"),
            nullableLong(rs, "class_id"),
            rs.getString("display_name"),
            rs.getTimestamp("created_at").toInstant(),
            rs.getBoolean("disabled"));
    return new ManagedAccount(
        account,
        rs.getBoolean("must_change_password"),
        rs.getTimestamp("password_changed_at").toInstant(),
        rs.getBoolean("totp"));
  }
}
