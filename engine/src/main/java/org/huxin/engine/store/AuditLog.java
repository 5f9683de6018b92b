package org.huxin.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The append-only audit trail of every view or export of identifiable results; the database refuses
 * updates and deletes of its rows.
 */
public final class AuditLog {

  private final DataSource dataSource;

  public AuditLog(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** Records {@code event} at the database's current time and returns its id. */
  public long record(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    String sql =
        "INSERT INTO audit (actor_id, actor_role, action, subject_student_id, subject, reason, ok)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      Jdbc.setLong(ps, 1, event.actorId());
      ps.setString(2, event.actorRole());
      ps.setString(3, event.action());
      Jdbc.setLong(ps, 4, event.subjectStudentId());
      ps.setString(5, event.subject());
      ps.setString(6, event.reason());
      ps.setBoolean(7, event.ok());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw Sql.failure("record audit event " + event.action(), e);
    }
  }

  /**
   * Records every event in one batch, one transaction: a list view that shows many students writes
   * one row per student shown.
   */
  public void recordAll(List<AuditEvent> events) {
    Objects.requireNonNull(events, "events");
    if (events.isEmpty()) {
      return;
    }
    String sql =
        "INSERT INTO audit (actor_id, actor_role, action, subject_student_id, subject, reason, ok)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)";
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (AuditEvent event : events) {
          Jdbc.setLong(ps, 1, event.actorId());
          ps.setString(2, event.actorRole());
          ps.setString(3, event.action());
          Jdbc.setLong(ps, 4, event.subjectStudentId());
          ps.setString(5, event.subject());
          ps.setString(6, event.reason());
          ps.setBoolean(7, event.ok());
          ps.addBatch();
        }
        ps.executeBatch();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw Sql.failure("record " + events.size() + " audit events", e);
    }
  }

  /** The latest {@code limit} entries about a student, newest first: who looked at them. */
  public List<AuditEntry> forStudent(long studentId, int limit) {
    String sql =
        "SELECT id, at, actor_id, actor_role, action, subject_student_id, subject, reason, ok"
            + " FROM audit WHERE subject_student_id = ? ORDER BY at DESC, id DESC LIMIT ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, studentId);
      ps.setInt(2, limit);
      List<AuditEntry> entries = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          entries.add(
              new AuditEntry(
                  rs.getLong("id"),
                  Jdbc.instant(rs, "at"),
                  new AuditEvent(
                      Jdbc.nullableLong(rs, "actor_id"),
                      rs.getString("actor_role"),
                      rs.getString("action"),
                      Jdbc.nullableLong(rs, "subject_student_id"),
                      rs.getString("subject"),
                      rs.getString("reason"),
                      rs.getBoolean("ok"))));
        }
      }
      return entries;
    } catch (SQLException e) {
      throw Sql.failure("read the audit trail of student " + studentId, e);
    }
  }
}
