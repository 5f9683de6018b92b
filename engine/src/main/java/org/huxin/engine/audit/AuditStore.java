package org.huxin.engine.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.huxin.engine.store.Jdbc;
import org.huxin.engine.store.Sql;
import org.huxin.engine.store.Transactions;

/**
 * The append-only audit trail of every view or export of identifiable results; the database refuses
 * updates and deletes of its rows.
 */
public final class AuditStore {

  private final DataSource dataSource;

  public AuditStore(DataSource dataSource) {
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
      bind(ps, event);
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
    try {
      Transactions.run(
          dataSource,
          c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
              for (AuditEvent event : events) {
                bind(ps, event);
                ps.addBatch();
              }
              ps.executeBatch();
            }
          });
    } catch (SQLException e) {
      throw Sql.failure("record " + events.size() + " audit events", e);
    }
  }

  private static void bind(PreparedStatement ps, AuditEvent event) throws SQLException {
    Jdbc.setLong(ps, 1, event.actorId());
    ps.setString(2, event.actorRole());
    ps.setString(3, event.action());
    Jdbc.setLong(ps, 4, event.subjectStudentId());
    ps.setString(5, event.subject());
    ps.setString(6, event.reason());
    ps.setBoolean(7, event.ok());
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

  /**
   * What {@link #page} reads: rows about {@code studentId}, by {@code actorId}, of {@code action}
   * (each null = any), within {@code districtId} (null = the city: a row is in a district when its
   * subject student is, or its actor is staff of it), with ids below {@code beforeId} (null = from
   * the newest), at most {@code limit} of them.
   */
  public record Filter(
      Long studentId, Long actorId, String action, Long districtId, Long beforeId, int limit) {

    public static final int MAX_LIMIT = 500;

    public Filter {
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", got " + limit);
      }
      if (action != null && action.isBlank()) {
        action = null;
      }
    }
  }

  /** An audit entry as the audit-log reader lists it, with the actor's display name if known. */
  public record Listed(AuditEntry entry, String actorName) {
    public Listed {
      Objects.requireNonNull(entry, "entry");
    }
  }

  /** One page of the trail matching {@code filter}, newest (highest id) first. */
  public List<Listed> page(Filter filter) {
    Objects.requireNonNull(filter, "filter");
    StringBuilder sql =
        new StringBuilder(
            "SELECT a.id, a.at, a.actor_id, a.actor_role, a.action, a.subject_student_id,"
                + " a.subject, a.reason, a.ok, s.display_name"
                + " FROM audit a LEFT JOIN staff_account s ON s.id = a.actor_id WHERE true");
    List<Object> params = new ArrayList<>();
    if (filter.studentId() != null) {
      sql.append(" AND a.subject_student_id = ?");
      params.add(filter.studentId());
    }
    if (filter.actorId() != null) {
      sql.append(" AND a.actor_id = ?");
      params.add(filter.actorId());
    }
    if (filter.action() != null) {
      sql.append(" AND a.action = ?");
      params.add(filter.action());
    }
    if (filter.districtId() != null) {
      sql.append(
          " AND (EXISTS (SELECT 1 FROM student st WHERE st.id = a.subject_student_id"
              + " AND st.district_id = ?) OR s.district_id = ?)");
      params.add(filter.districtId());
      params.add(filter.districtId());
    }
    if (filter.beforeId() != null) {
      sql.append(" AND a.id < ?");
      params.add(filter.beforeId());
    }
    sql.append(" ORDER BY a.id DESC LIMIT ?");
    params.add((long) filter.limit());
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < params.size(); i++) {
        if (params.get(i) instanceof String text) {
          ps.setString(i + 1, text);
        } else {
          ps.setLong(i + 1, (Long) params.get(i));
        }
      }
      List<Listed> entries = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          entries.add(new Listed(entry(rs), rs.getString("display_name")));
        }
      }
      return entries;
    } catch (SQLException e) {
      throw Sql.failure("read the audit trail", e);
    }
  }

  private static AuditEntry entry(ResultSet rs) throws SQLException {
    return new AuditEntry(
        rs.getLong("id"),
        Jdbc.instant(rs, "at"),
        new AuditEvent(
            Jdbc.nullableLong(rs, "actor_id"),
            rs.getString("actor_role"),
            rs.getString("action"),
            Jdbc.nullableLong(rs, "subject_student_id"),
            rs.getString("subject"),
            rs.getString("reason"),
            rs.getBoolean("ok")));
  }
}
