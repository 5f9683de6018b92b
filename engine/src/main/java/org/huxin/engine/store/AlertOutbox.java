package org.huxin.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The crisis alert outbox that {@link ResultWriter} fills in the result's own transaction. A relay
 * reads {@link #undelivered}, publishes, and {@link #markDelivered}; staff {@link #acknowledge};
 * unanswered alerts are {@link #escalate}d.
 */
public final class AlertOutbox {

  private static final String COLUMNS =
      "id, result_id, window_id, student_id, school_id, district_id, level, created_at,"
          + " delivered_at, acknowledged_by, acknowledged_at, escalated_at";

  private final DataSource dataSource;

  public AlertOutbox(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** The oldest {@code limit} alerts not yet delivered, oldest first. */
  public List<Alert> undelivered(int limit) {
    return query(
        "SELECT " + COLUMNS + " FROM alert_outbox WHERE delivered_at IS NULL ORDER BY id LIMIT ?",
        limit);
  }

  public Optional<Alert> find(long alertId) {
    List<Alert> found = query("SELECT " + COLUMNS + " FROM alert_outbox WHERE id = ?", alertId);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** Marks alerts delivered; returns how many were not delivered before. */
  public int markDelivered(Collection<Long> alertIds) {
    return update(
        "UPDATE alert_outbox SET delivered_at = now() WHERE id = ANY(?) AND delivered_at IS NULL",
        "mark alerts delivered",
        alertIds);
  }

  /** Records that {@code staffId} took the alert on; false if it was already acknowledged. */
  public boolean acknowledge(long alertId, long staffId) {
    String sql =
        "UPDATE alert_outbox SET acknowledged_by = ?, acknowledged_at = now()"
            + " WHERE id = ? AND acknowledged_at IS NULL";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, staffId);
      ps.setLong(2, alertId);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw Sql.failure("acknowledge alert " + alertId + " by staff " + staffId, e);
    }
  }

  /** Marks an unacknowledged alert escalated; false if it was acknowledged or escalated before. */
  public boolean escalate(long alertId) {
    return update(
            "UPDATE alert_outbox SET escalated_at = now() WHERE id = ANY(?)"
                + " AND acknowledged_at IS NULL AND escalated_at IS NULL",
            "escalate alert " + alertId,
            List.of(alertId))
        == 1;
  }

  private int update(String sql, String what, Collection<Long> ids) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("int8", ids.toArray()));
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw Sql.failure(what, e);
    }
  }

  private List<Alert> query(String sql, long parameter) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, parameter);
      List<Alert> alerts = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          alerts.add(
              new Alert(
                  rs.getLong("id"),
                  rs.getLong("result_id"),
                  rs.getLong("window_id"),
                  rs.getLong("student_id"),
                  rs.getLong("school_id"),
                  rs.getLong("district_id"),
                  rs.getInt("level"),
                  Jdbc.instant(rs, "created_at"),
                  Jdbc.instant(rs, "delivered_at"),
                  Jdbc.nullableLong(rs, "acknowledged_by"),
                  Jdbc.instant(rs, "acknowledged_at"),
                  Jdbc.instant(rs, "escalated_at")));
        }
      }
      return alerts;
    } catch (SQLException e) {
      throw Sql.failure("read the alert outbox", e);
    }
  }
}
