package org.huxin.engine.followup;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.Rows;
import org.huxin.engine.store.Sql;

/**
 * Follow-up cases and their ledger. Every method runs on the {@link SqlClient} it is given: a
 * request's transaction, so that what it reads or writes commits with the request's audit rows.
 *
 * <p>Cases are opened by the database, not here: the trigger {@code result_opens_case} (migration
 * V12) opens one for every tier-2 or tier-3 result unless the student already has an open case in
 * that window, whoever wrote the result; a re-score that raises a tier opens or raises one too. A
 * crisis case is due one day after it opened, a close-attention case seven days. Recording an
 * action here appends a ledger row linked to the case it advances and sets the case due {@link
 * #NEXT_ACTION_WITHIN} after the action; {@link FollowupAction#CLOSED} closes it. Every time comes
 * from the caller (the injected clock), so overdue never depends on the database clock.
 */
public final class FollowupStore {

  /** After an action, the next one is due within this. */
  public static final Duration NEXT_ACTION_WITHIN = Duration.ofDays(14);

  private static final String CASE_COLUMNS =
      "fc.id, fc.student_id, fc.window_id, fc.district_id, fc.school_id, fc.class_id, fc.level,"
          + " fc.opened_at, fc.due_at, fc.closed_at, fc.last_action, fc.last_action_at";

  private static final String ENTRY_COLUMNS =
      "f.id, f.case_id, f.student_id, f.window_id, f.action, f.actor_id, f.at, f.note_enc,"
          + " a.display_name";

  private final NameCipher cipher;

  public FollowupStore(NameCipher cipher) {
    this.cipher = Objects.requireNonNull(cipher, "cipher");
  }

  /**
   * Cases in the query's scope with the student's number, name, grade, school and class: open ones
   * by due time (soonest first), closed ones newest first; a page of them past the query's cursor.
   */
  public Future<List<CaseRow>> cases(SqlClient client, CaseQuery q) {
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(CASE_COLUMNS)
            .append(
                ", s.student_no, s.name_enc, s.grade, sc.name AS school_name, c.name AS class_name"
                    + " FROM followup_case fc"
                    + " JOIN student s ON s.id = fc.student_id"
                    + " JOIN school sc ON sc.id = fc.school_id"
                    + " JOIN school_class c ON c.id = fc.class_id WHERE ");
    Tuple params = Tuple.tuple();
    scope(q, sql, params);
    boolean closed = q.status() == CaseStatus.CLOSED;
    if (q.after() != null) {
      params.addOffsetDateTime(Rows.at(q.after().at())).addLong(q.after().id());
      int at = params.size() - 1;
      sql.append(closed ? " AND (fc.closed_at, fc.id) < ($" : " AND (fc.due_at, fc.id) > ($")
          .append(at)
          .append(", $")
          .append(at + 1)
          .append(')');
    }
    sql.append(closed ? " ORDER BY fc.closed_at DESC, fc.id DESC" : " ORDER BY fc.due_at, fc.id");
    sql.append(" LIMIT ").append(q.limit());
    return client
        .preparedQuery(sql.toString())
        .execute(params)
        .map(
            rows ->
                Rows.list(
                    rows,
                    r ->
                        new CaseRow(
                            readCase(r),
                            r.getString("student_no"),
                            cipher.decrypt(r.getBuffer("name_enc").getBytes()),
                            r.getInteger("grade"),
                            r.getString("school_name"),
                            r.getString("class_name"))))
        .recover(Sql.failed("list " + q.status().code() + " follow-up cases"));
  }

  /** How many cases the query's scope and status hold, all pages together. */
  public Future<Long> countCases(SqlClient client, CaseQuery q) {
    StringBuilder sql = new StringBuilder("SELECT count(*) FROM followup_case fc WHERE ");
    Tuple params = Tuple.tuple();
    scope(q, sql, params);
    return client
        .preparedQuery(sql.toString())
        .execute(params)
        .map(rows -> rows.iterator().next().getLong(0))
        .recover(Sql.failed("count " + q.status().code() + " follow-up cases"));
  }

  /** The status and place conditions of {@code q}, appended to a WHERE clause. */
  private static void scope(CaseQuery q, StringBuilder sql, Tuple params) {
    switch (q.status()) {
      case OPEN -> sql.append("fc.closed_at IS NULL");
      case OVERDUE -> {
        params.addOffsetDateTime(Rows.at(q.now()));
        sql.append("fc.closed_at IS NULL AND fc.due_at < $").append(params.size());
      }
      case CLOSED -> sql.append("fc.closed_at IS NOT NULL");
    }
    if (q.districtId() != null) {
      params.addLong(q.districtId());
      sql.append(" AND fc.district_id = $").append(params.size());
    }
    if (q.schoolId() != null) {
      params.addLong(q.schoolId());
      sql.append(" AND fc.school_id = $").append(params.size());
    }
    if (q.classId() != null) {
      params.addLong(q.classId());
      sql.append(" AND fc.class_id = $").append(params.size());
    }
  }

  /** Every case of a student, newest first. */
  public Future<List<FollowupCase>> casesOf(SqlClient client, long studentId) {
    return client
        .preparedQuery(
            "SELECT "
                + CASE_COLUMNS
                + " FROM followup_case fc WHERE fc.student_id = $1"
                + " ORDER BY fc.opened_at DESC, fc.id DESC")
        .execute(Tuple.of(studentId))
        .map(rows -> Rows.list(rows, FollowupStore::readCase))
        .recover(Sql.failed("read the follow-up cases of student " + studentId));
  }

  /** The whole ledger of a student, oldest first, notes decrypted, actors named. */
  public Future<List<LedgerEntry>> ledgerOf(SqlClient client, long studentId) {
    return client
        .preparedQuery(
            "SELECT "
                + ENTRY_COLUMNS
                + " FROM followup f JOIN staff_account a ON a.id = f.actor_id"
                + " WHERE f.student_id = $1 ORDER BY f.at, f.id")
        .execute(Tuple.of(studentId))
        .map(rows -> Rows.list(rows, this::readEntry))
        .recover(Sql.failed("read the follow-up ledger of student " + studentId));
  }

  /**
   * Appends {@code f} to the ledger and advances the student's open case (of {@code f.windowId()},
   * or the most recently opened one), locking the case row first: run it in a transaction. Fails
   * with {@link NoOpenCaseException} if {@code f} closes a case and there is none open.
   */
  public Future<Recorded> record(SqlClient tx, NewFollowup f) {
    Objects.requireNonNull(f, "f");
    byte[] note = f.note() == null ? null : cipher.encrypt(f.note());
    String action = "record follow-up " + f.action().code() + " of student " + f.studentId();
    return lockOpenCase(tx, f.studentId(), f.windowId())
        .recover(Sql.failed(action))
        .compose(
            open -> {
              if (open.isEmpty() && f.action() == FollowupAction.CLOSED) {
                return Future.failedFuture(
                    new NoOpenCaseException(
                        "student "
                            + f.studentId()
                            + " has no open follow-up case"
                            + (f.windowId() == null ? "" : " in window " + f.windowId())
                            + " to close"));
              }
              Long caseId = open.map(FollowupCase::id).orElse(null);
              Long windowId = open.map(fc -> (Long) fc.windowId()).orElse(f.windowId());
              Future<LedgerEntry> entry = insertEntry(tx, f, caseId, windowId, note);
              Future<FollowupCase> updated =
                  open.isEmpty() ? Future.succeededFuture() : advance(tx, open.get(), f);
              return Future.all(entry, updated)
                  .map(v -> new Recorded(entry.result(), updated.result()))
                  .recover(Sql.failed(action));
            });
  }

  /** The students with a follow-up case still open in window {@code windowId}. */
  public Future<List<Long>> studentsWithOpenCases(SqlClient client, long windowId) {
    return client
        .preparedQuery(
            "SELECT student_id FROM followup_case WHERE window_id = $1 AND closed_at IS NULL")
        .execute(Tuple.of(windowId))
        .map(rows -> Rows.list(rows, r -> r.getLong(0)))
        .recover(Sql.failed("read the open follow-up cases of window " + windowId));
  }

  /** The district of a school, or empty if there is no such school. */
  public Future<Optional<Long>> districtOfSchool(SqlClient client, long schoolId) {
    return client
        .preparedQuery("SELECT district_id FROM school WHERE id = $1")
        .execute(Tuple.of(schoolId))
        .map(rows -> Optional.ofNullable(Rows.first(rows, r -> r.getLong(0))))
        .recover(Sql.failed("read school " + schoolId));
  }

  private static Future<Optional<FollowupCase>> lockOpenCase(
      SqlClient tx, long studentId, Long windowId) {
    String sql =
        "SELECT "
            + CASE_COLUMNS
            + " FROM followup_case fc WHERE fc.student_id = $1 AND fc.closed_at IS NULL"
            + (windowId == null ? "" : " AND fc.window_id = $2")
            + " ORDER BY fc.opened_at DESC, fc.id DESC LIMIT 1 FOR UPDATE";
    return tx.preparedQuery(sql)
        .execute(windowId == null ? Tuple.of(studentId) : Tuple.of(studentId, windowId))
        .map(rows -> Optional.ofNullable(Rows.first(rows, FollowupStore::readCase)));
  }

  /** Inserts the ledger row and reads it back with its actor's name, in one statement. */
  private Future<LedgerEntry> insertEntry(
      SqlClient tx, NewFollowup f, Long caseId, Long windowId, byte[] note) {
    String sql =
        "WITH f AS (INSERT INTO followup"
            + " (case_id, student_id, window_id, action, actor_id, at, note_enc)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *)"
            + " SELECT "
            + ENTRY_COLUMNS
            + " FROM f JOIN staff_account a ON a.id = f.actor_id";
    Tuple params =
        Tuple.of(
            caseId,
            f.studentId(),
            windowId,
            f.action().code(),
            f.actorId(),
            Rows.at(f.at()),
            note == null ? null : Buffer.buffer(note));
    return tx.preparedQuery(sql).execute(params).map(rows -> readEntry(rows.iterator().next()));
  }

  private static Future<FollowupCase> advance(SqlClient tx, FollowupCase open, NewFollowup f) {
    boolean closing = f.action() == FollowupAction.CLOSED;
    String sql =
        "UPDATE followup_case fc SET last_action = $1, last_action_at = $2, due_at = $3,"
            + " closed_at = $4 WHERE fc.id = $5 RETURNING "
            + CASE_COLUMNS;
    Tuple params =
        Tuple.of(
            f.action().code(),
            Rows.at(f.at()),
            Rows.at(closing ? open.dueAt() : f.at().plus(NEXT_ACTION_WITHIN)),
            closing ? Rows.at(f.at()) : null,
            open.id());
    return tx.preparedQuery(sql).execute(params).map(rows -> readCase(rows.iterator().next()));
  }

  private LedgerEntry readEntry(Row r) {
    Buffer note = r.getBuffer("note_enc");
    return new LedgerEntry(
        r.getLong("id"),
        r.getLong("case_id"),
        r.getLong("student_id"),
        r.getLong("window_id"),
        FollowupAction.fromCode(r.getString("action")),
        r.getLong("actor_id"),
        r.getString("display_name"),
        Rows.instant(r, "at"),
        note == null ? null : cipher.decrypt(note.getBytes()));
  }

  private static FollowupCase readCase(Row r) {
    String last = r.getString("last_action");
    return new FollowupCase(
        r.getLong("id"),
        r.getLong("student_id"),
        r.getLong("window_id"),
        r.getLong("district_id"),
        r.getLong("school_id"),
        r.getLong("class_id"),
        r.getInteger("level"),
        Rows.instant(r, "opened_at"),
        Rows.instant(r, "due_at"),
        Rows.instant(r, "closed_at"),
        last == null ? null : FollowupAction.fromCode(last),
        Rows.instant(r, "last_action_at"));
  }
}
