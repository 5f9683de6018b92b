package org.huxin.engine.staff;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.huxin.engine.store.Rows;
import org.huxin.engine.store.Sql;

/**
 * Staff sessions, one row per sign-in. The gateway keeps its own view of them in memory; this is
 * where that view comes from (a session a node has not seen yet), where it is kept roughly fresh
 * ({@link #touch}, at most once a minute per session and node), and the safety net under the
 * event-bus revocation notice ({@link #revokedSince}). Every method runs on the {@link SqlClient}
 * it is given; those that write a session and its audit row say to run them in a transaction.
 */
public final class SessionStore {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A session and its sign-in audit row (as {@code AuditStore} writes them) in one statement. */
  private static final String SIGN_IN =
      "WITH session AS (INSERT INTO staff_session (id, account_id, created_at, last_seen)"
          + " VALUES ($1, $2, $3, $3))"
          + " INSERT INTO audit (actor_id, actor_role, action, subject_student_id, subject, reason,"
          + " ok) VALUES ($2, $4, 'staff_sign_in', NULL, $5, $6, true)";

  private static final String REVOKE_ALL =
      "UPDATE staff_session SET revoked_at = $1, reason = $2"
          + " WHERE account_id = $3 AND revoked_at IS NULL RETURNING id";

  /**
   * Opens a session of {@code account} at {@code now} with 128 random bits as its id, and writes
   * the {@code staff_sign_in} audit row beside it ({@code reason} says how: a password, a password
   * and a second factor). One statement, so neither commits without the other even on the pool (one
   * round trip: a sign-in under a student storm waits its turn on the event loop once, not four
   * times), and it joins a caller's transaction when given one.
   */
  public Future<StaffSession> signIn(SqlClient client, Actor account, Instant now, String reason) {
    long accountId = Objects.requireNonNull(account.accountId(), "a session needs an account");
    UUID id = new UUID(RANDOM.nextLong(), RANDOM.nextLong());
    return client
        .preparedQuery(SIGN_IN)
        .execute(
            Tuple.of(id, accountId, Rows.at(now), account.role(), "staff account " + accountId)
                .addString(reason))
        .map(done -> new StaffSession(id, accountId, now, now, null, null, false))
        .recover(Sql.failed("open a staff session"));
  }

  /**
   * Ends one session at the holder's request and writes the {@code staff_sign_out} audit row; the
   * future holds whether it was live. Run it in a transaction.
   */
  public Future<Boolean> signOut(SqlClient tx, Actor account, UUID id, Instant now) {
    Future<Boolean> revoked =
        tx.preparedQuery(
                "UPDATE staff_session SET revoked_at = $1, reason = 'logout'"
                    + " WHERE id = $2 AND account_id = $3 AND revoked_at IS NULL")
            .execute(Tuple.of(Rows.at(now), id, account.accountId()))
            .map(rows -> rows.rowCount() == 1);
    Future<?> audit =
        StaffAccountStore.audit(tx, account, "staff_sign_out", account.accountId(), null);
    return Future.all(revoked, audit)
        .map(done -> revoked.result())
        .recover(Sql.failed("end a staff session"));
  }

  /**
   * Ends one session for {@code reason} (the idle timeout); the future holds whether it was live.
   */
  public Future<Boolean> revoke(SqlClient client, UUID id, Instant now, String reason) {
    return client
        .preparedQuery(
            "UPDATE staff_session SET revoked_at = $1, reason = $2"
                + " WHERE id = $3 AND revoked_at IS NULL")
        .execute(Tuple.of(Rows.at(now), reason, id))
        .map(rows -> rows.rowCount() == 1)
        .recover(Sql.failed("revoke a staff session"));
  }

  /** The session with its account's state, if it exists. */
  public Future<Optional<StaffSession>> find(SqlClient client, UUID id) {
    return client
        .preparedQuery(
            "SELECT s.id, s.account_id, s.created_at, s.last_seen, s.revoked_at, s.reason,"
                + " a.disabled FROM staff_session s JOIN staff_account a"
                + " ON a.id = s.account_id WHERE s.id = $1")
        .execute(Tuple.of(id))
        .map(rows -> Optional.ofNullable(Rows.first(rows, SessionStore::session)))
        .recover(Sql.failed("read a staff session"));
  }

  /** Moves the session's {@code last_seen} forward to {@code seen} (never back). */
  public Future<Void> touch(SqlClient client, UUID id, Instant seen) {
    return client
        .preparedQuery(
            "UPDATE staff_session SET last_seen = greatest(last_seen, $1)"
                + " WHERE id = $2 AND revoked_at IS NULL")
        .execute(Tuple.of(Rows.at(seen), id))
        .<Void>mapEmpty()
        .recover(Sql.failed("record the use of a staff session"));
  }

  /** Ids of the sessions revoked at or after {@code since}. */
  public Future<List<UUID>> revokedSince(SqlClient client, Instant since) {
    return client
        .preparedQuery("SELECT id FROM staff_session WHERE revoked_at >= $1 ORDER BY revoked_at")
        .execute(Tuple.of(Rows.at(since)))
        .map(rows -> Rows.list(rows, row -> row.getUUID(0)))
        .recover(Sql.failed("list revoked staff sessions"));
  }

  /**
   * Revokes every live session of {@code accountId}; the future holds their ids. Run it in the
   * transaction of the change that ends them.
   */
  static Future<List<UUID>> revokeAll(SqlClient tx, long accountId, Instant now, String reason) {
    return tx.preparedQuery(REVOKE_ALL)
        .execute(Tuple.of(Rows.at(now), reason, accountId))
        .map(rows -> Rows.list(rows, row -> row.getUUID(0)));
  }

  private static StaffSession session(Row row) {
    return new StaffSession(
        row.getUUID("id"),
        row.getLong("account_id"),
        Rows.instant(row, "created_at"),
        Rows.instant(row, "last_seen"),
        Rows.instant(row, "revoked_at"),
        row.getString("reason"),
        row.getBoolean("disabled"));
  }
}
