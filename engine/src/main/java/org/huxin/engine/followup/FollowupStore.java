package org.huxin.engine.followup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.StoreException;
import org.huxin.engine.store.Transactions;

/**
 * Follow-up cases and their ledger.
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

  private final DataSource dataSource;
  private final NameCipher cipher;

  public FollowupStore(DataSource dataSource, NameCipher cipher) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.cipher = Objects.requireNonNull(cipher, "cipher");
  }

  /**
   * Cases in the query's scope with the student's number, name, grade, school and class: open ones
   * by due time (soonest first), closed ones newest first; a page of them past the query's cursor.
   */
  public List<CaseRow> cases(CaseQuery q) {
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(CASE_COLUMNS)
            .append(
                ", s.student_no, s.name_enc, s.grade, sc.name AS school_name, c.name AS class_name"
                    + " FROM followup_case fc"
                    + " JOIN student s ON s.id = fc.student_id"
                    + " JOIN school sc ON sc.id = fc.school_id"
                    + " JOIN school_class c ON c.id = fc.class_id WHERE ");
    List<Object> params = new ArrayList<>();
    scope(q, sql, params);
    boolean closed = q.status() == CaseStatus.CLOSED;
    if (q.after() != null) {
      sql.append(
          closed ? " AND (fc.closed_at, fc.id) < (?, ?)" : " AND (fc.due_at, fc.id) > (?, ?)");
      params.add(utc(q.after().at()));
      params.add(q.after().id());
    }
    sql.append(closed ? " ORDER BY fc.closed_at DESC, fc.id DESC" : " ORDER BY fc.due_at, fc.id");
    sql.append(" LIMIT ").append(q.limit());
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = prepare(c, sql, params)) {
      List<CaseRow> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new CaseRow(
                  readCase(rs),
                  rs.getString("student_no"),
                  cipher.decrypt(rs.getBytes("name_enc")),
                  rs.getInt("grade"),
                  rs.getString("school_name"),
                  rs.getString("class_name")));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException(
          "list " + q.status().code() + " follow-up cases: " + e.getMessage(), e);
    }
  }

  /** How many cases the query's scope and status hold, all pages together. */
  public long countCases(CaseQuery q) {
    StringBuilder sql = new StringBuilder("SELECT count(*) FROM followup_case fc WHERE ");
    List<Object> params = new ArrayList<>();
    scope(q, sql, params);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = prepare(c, sql, params);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new StoreException(
          "count " + q.status().code() + " follow-up cases: " + e.getMessage(), e);
    }
  }

  /** The status and place conditions of {@code q}, appended to a WHERE clause. */
  private static void scope(CaseQuery q, StringBuilder sql, List<Object> params) {
    switch (q.status()) {
      case OPEN -> sql.append("fc.closed_at IS NULL");
      case OVERDUE -> {
        sql.append("fc.closed_at IS NULL AND fc.due_at < ?");
        params.add(utc(q.now()));
      }
      case CLOSED -> sql.append("fc.closed_at IS NOT NULL");
    }
    if (q.districtId() != null) {
      sql.append(" AND fc.district_id = ?");
      params.add(q.districtId());
    }
    if (q.schoolId() != null) {
      sql.append(" AND fc.school_id = ?");
      params.add(q.schoolId());
    }
    if (q.classId() != null) {
      sql.append(" AND fc.class_id = ?");
      params.add(q.classId());
    }
  }

  private static PreparedStatement prepare(Connection c, StringBuilder sql, List<Object> params)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql.toString());
    try {
      for (int i = 0; i < params.size(); i++) {
        Object p = params.get(i);
        if (p instanceof OffsetDateTime t) {
          ps.setObject(i + 1, t);
        } else {
          ps.setLong(i + 1, (Long) p);
        }
      }
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  /** Every case of a student, newest first. */
  public List<FollowupCase> casesOf(long studentId) {
    String sql =
        "SELECT "
            + CASE_COLUMNS
            + " FROM followup_case fc WHERE fc.student_id = ? ORDER BY fc.opened_at DESC, fc.id"
            + " DESC";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, studentId);
      List<FollowupCase> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(readCase(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException(
          "read the follow-up cases of student " + studentId + ": " + e.getMessage(), e);
    }
  }

  /** The whole ledger of a student, oldest first, notes decrypted, actors named. */
  public List<LedgerEntry> ledgerOf(long studentId) {
    String sql =
        "SELECT f.id, f.case_id, f.student_id, f.window_id, f.action, f.actor_id, f.at, f.note_enc,"
            + " a.display_name FROM followup f JOIN staff_account a ON a.id = f.actor_id"
            + " WHERE f.student_id = ? ORDER BY f.at, f.id";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, studentId);
      List<LedgerEntry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(readEntry(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException(
          "read the follow-up ledger of student " + studentId + ": " + e.getMessage(), e);
    }
  }

  /**
   * Appends {@code f} to the ledger and advances the student's open case (of {@code f.windowId()},
   * or the most recently opened one), in one transaction that locks the case row.
   *
   * @throws NoOpenCaseException if {@code f} closes a case and there is none open
   */
  public Recorded record(NewFollowup f) {
    Objects.requireNonNull(f, "f");
    byte[] note = f.note() == null ? null : cipher.encrypt(f.note());
    try {
      return Transactions.inTransaction(
          dataSource,
          c -> {
            Optional<FollowupCase> open = lockOpenCase(c, f.studentId(), f.windowId());
            if (open.isEmpty() && f.action() == FollowupAction.CLOSED) {
              throw new NoOpenCaseException(
                  "student "
                      + f.studentId()
                      + " has no open follow-up case"
                      + (f.windowId() == null ? "" : " in window " + f.windowId())
                      + " to close");
            }
            Long caseId = open.map(FollowupCase::id).orElse(null);
            Long windowId = open.map(fc -> (Long) fc.windowId()).orElse(f.windowId());
            long entryId = insertEntry(c, f, caseId, windowId, note);
            FollowupCase updated = open.isEmpty() ? null : advance(c, open.get(), f);
            LedgerEntry entry = readEntry(c, entryId);
            return new Recorded(entry, updated);
          });
    } catch (SQLException e) {
      throw new StoreException(
          "record follow-up "
              + f.action().code()
              + " of student "
              + f.studentId()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** The students with a follow-up case still open in window {@code windowId}. */
  public List<Long> studentsWithOpenCases(long windowId) {
    String sql = "SELECT student_id FROM followup_case WHERE window_id = ? AND closed_at IS NULL";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, windowId);
      List<Long> ids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw new StoreException(
          "read the open follow-up cases of window " + windowId + ": " + e.getMessage(), e);
    }
  }

  /** The district of a school, or empty if there is no such school. */
  public Optional<Long> districtOfSchool(long schoolId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT district_id FROM school WHERE id = ?")) {
      ps.setLong(1, schoolId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("read school " + schoolId + ": " + e.getMessage(), e);
    }
  }

  private Optional<FollowupCase> lockOpenCase(Connection c, long studentId, Long windowId)
      throws SQLException {
    String sql =
        "SELECT "
            + CASE_COLUMNS
            + " FROM followup_case fc WHERE fc.student_id = ? AND fc.closed_at IS NULL"
            + (windowId == null ? "" : " AND fc.window_id = ?")
            + " ORDER BY fc.opened_at DESC, fc.id DESC LIMIT 1 FOR UPDATE";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, studentId);
      if (windowId != null) {
        ps.setLong(2, windowId);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(readCase(rs)) : Optional.empty();
      }
    }
  }

  private static long insertEntry(
      Connection c, NewFollowup f, Long caseId, Long windowId, byte[] note) throws SQLException {
    String sql =
        "INSERT INTO followup (case_id, student_id, window_id, action, actor_id, at, note_enc)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      setLong(ps, 1, caseId);
      ps.setLong(2, f.studentId());
      setLong(ps, 3, windowId);
      ps.setString(4, f.action().code());
      ps.setLong(5, f.actorId());
      ps.setObject(6, utc(f.at()));
      if (note == null) {
        ps.setNull(7, Types.BINARY);
      } else {
        ps.setBytes(7, note);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static FollowupCase advance(Connection c, FollowupCase open, NewFollowup f)
      throws SQLException {
    boolean closing = f.action() == FollowupAction.CLOSED;
    String sql =
        "UPDATE followup_case fc SET last_action = ?, last_action_at = ?, due_at = ?,"
            + " closed_at = ? WHERE fc.id = ? RETURNING "
            + CASE_COLUMNS;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, f.action().code());
      ps.setObject(2, utc(f.at()));
      ps.setObject(3, utc(closing ? open.dueAt() : f.at().plus(NEXT_ACTION_WITHIN)));
      if (closing) {
        ps.setObject(4, utc(f.at()));
      } else {
        ps.setNull(4, Types.TIMESTAMP_WITH_TIMEZONE);
      }
      ps.setLong(5, open.id());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return readCase(rs);
      }
    }
  }

  private LedgerEntry readEntry(Connection c, long id) throws SQLException {
    String sql =
        "SELECT f.id, f.case_id, f.student_id, f.window_id, f.action, f.actor_id, f.at, f.note_enc,"
            + " a.display_name FROM followup f JOIN staff_account a ON a.id = f.actor_id"
            + " WHERE f.id = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return readEntry(rs);
      }
    }
  }

  private LedgerEntry readEntry(ResultSet rs) throws SQLException {
    byte[] note = rs.getBytes("note_enc");
    return new LedgerEntry(
        rs.getLong("id"),
        nullableLong(rs, "case_id"),
        rs.getLong("student_id"),
        nullableLong(rs, "window_id"),
        FollowupAction.fromCode(rs.getString("action")),
        rs.getLong("actor_id"),
        rs.getString("display_name"),
        StudentArchiveQueries.instant(rs, "at"),
        note == null ? null : cipher.decrypt(note));
  }

  private static FollowupCase readCase(ResultSet rs) throws SQLException {
    String last = rs.getString("last_action");
    return new FollowupCase(
        rs.getLong("id"),
        rs.getLong("student_id"),
        rs.getLong("window_id"),
        rs.getLong("district_id"),
        rs.getLong("school_id"),
        rs.getLong("class_id"),
        rs.getInt("level"),
        StudentArchiveQueries.instant(rs, "opened_at"),
        StudentArchiveQueries.instant(rs, "due_at"),
        StudentArchiveQueries.instant(rs, "closed_at"),
        last == null ? null : FollowupAction.fromCode(last),
        StudentArchiveQueries.instant(rs, "last_action_at"));
  }

  private static OffsetDateTime utc(Instant at) {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  private static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }
}
