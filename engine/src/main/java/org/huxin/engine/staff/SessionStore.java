package org.huxin.engine.staff;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.huxin.engine.store.Sql;
import org.huxin.engine.store.Transactions;

/**
 * Staff sessions, one row per sign-in. The gateway keeps its own view of them in memory; this is
 * where that view comes from (a session a node has not seen yet), where it is kept roughly fresh
 * ({@link #touch}, at most once a minute per session and node), and the safety net under the
 * event-bus revocation notice ({@link #revokedSince}).
 */
public final class SessionStore {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DataSource dataSource;

  public SessionStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * Opens a session of {@code accountId} at {@code now} with 128 random bits as its id, and writes
   * the {@code staff_sign_in} audit row in the same transaction ({@code reason} says how: a
   * password, a password and a second factor).
   */
  public StaffSession signIn(Actor account, Instant now, String reason) {
    long accountId = Objects.requireNonNull(account.accountId(), "a session needs an account");
    UUID id = new UUID(RANDOM.nextLong(), RANDOM.nextLong());
    try {
      Transactions.run(
          dataSource,
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO staff_session (id, account_id, created_at, last_seen)"
                        + " VALUES (?, ?, ?, ?)")) {
              ps.setObject(1, id);
              ps.setLong(2, accountId);
              ps.setTimestamp(3, Timestamp.from(now));
              ps.setTimestamp(4, Timestamp.from(now));
              ps.executeUpdate();
            }
            StaffAccountStore.audit(c, account, "staff_sign_in", accountId, reason);
          });
    } catch (SQLException e) {
      throw Sql.failure("open a staff session", e);
    }
    return new StaffSession(id, accountId, now, now, null, null, false);
  }

  /**
   * Ends one session at the holder's request and writes the {@code staff_sign_out} audit row;
   * returns whether it was live.
   */
  public boolean signOut(Actor account, UUID id, Instant now) {
    try {
      return Transactions.inTransaction(
          dataSource,
          c -> {
            int revoked;
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE staff_session SET revoked_at = ?, reason = 'logout'"
                        + " WHERE id = ? AND account_id = ? AND revoked_at IS NULL")) {
              ps.setTimestamp(1, Timestamp.from(now));
              ps.setObject(2, id);
              ps.setLong(3, account.accountId());
              revoked = ps.executeUpdate();
            }
            StaffAccountStore.audit(c, account, "staff_sign_out", account.accountId(), null);
            return revoked == 1;
          });
    } catch (SQLException e) {
      throw Sql.failure("end a staff session", e);
    }
  }

  /** Ends one session for {@code reason} (the idle timeout); returns whether it was live. */
  public boolean revoke(UUID id, Instant now, String reason) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE staff_session SET revoked_at = ?, reason = ?"
                    + " WHERE id = ? AND revoked_at IS NULL")) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setString(2, reason);
      ps.setObject(3, id);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw Sql.failure("revoke a staff session", e);
    }
  }

  /** The session with its account's state, if it exists. */
  public Optional<StaffSession> find(UUID id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT s.id, s.account_id, s.created_at, s.last_seen, s.revoked_at, s.reason,"
                    + " a.disabled FROM staff_session s JOIN staff_account a"
                    + " ON a.id = s.account_id WHERE s.id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return Optional.of(
            new StaffSession(
                rs.getObject("id", UUID.class),
                rs.getLong("account_id"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("last_seen").toInstant(),
                revoked == null ? null : revoked.toInstant(),
                rs.getString("reason"),
                rs.getBoolean("disabled")));
      }
    } catch (SQLException e) {
      throw Sql.failure("read a staff session", e);
    }
  }

  /** Moves the session's {@code last_seen} forward to {@code seen} (never back). */
  public void touch(UUID id, Instant seen) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE staff_session SET last_seen = greatest(last_seen, ?)"
                    + " WHERE id = ? AND revoked_at IS NULL")) {
      ps.setTimestamp(1, Timestamp.from(seen));
      ps.setObject(2, id);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw Sql.failure("record the use of a staff session", e);
    }
  }

  /** Ids of the sessions revoked at or after {@code since}. */
  public List<UUID> revokedSince(Instant since) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id FROM staff_session WHERE revoked_at >= ? ORDER BY revoked_at")) {
      ps.setTimestamp(1, Timestamp.from(since));
      List<UUID> ids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getObject(1, UUID.class));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw Sql.failure("list revoked staff sessions", e);
    }
  }

  /** Revokes every live session of {@code accountId} on {@code c}'s transaction. */
  static List<UUID> revokeAll(Connection c, long accountId, Instant now, String reason)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE staff_session SET revoked_at = ?, reason = ?"
                + " WHERE account_id = ? AND revoked_at IS NULL RETURNING id")) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setString(2, reason);
      ps.setLong(3, accountId);
      List<UUID> ids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getObject(1, UUID.class));
        }
      }
      return ids;
    }
  }
}
