package org.huxin.engine.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The crisis alert outbox that {@link ResultWriter} fills in the result's own transaction. A relay
 * claims undelivered alerts, publishes them and marks them delivered in one transaction ({@link
 * #relayUndelivered}); staff see {@link #pending} alerts and {@link #acknowledge} them; delivered
 * alerts nobody acknowledged in time are escalated the same way ({@link #relayDueEscalations}).
 */
public final class AlertOutbox {

  /** The most alerts one call reads or claims. */
  public static final int MAX_LIMIT = 1000;

  private static final String COLUMNS =
      "id, result_id, window_id, student_id, school_id, district_id, level, created_at,"
          + " delivered_at, acknowledged_by, acknowledged_at, escalated_at";

  private static final String CLAIM_UNDELIVERED =
      "SELECT "
          + COLUMNS
          + " FROM alert_outbox WHERE delivered_at IS NULL ORDER BY id LIMIT ?"
          + " FOR UPDATE SKIP LOCKED";
  private static final String MARK_DELIVERED =
      "UPDATE alert_outbox SET delivered_at = now() WHERE id = ANY(?) AND delivered_at IS NULL";
  private static final String CLAIM_DUE_ESCALATIONS =
      "SELECT "
          + COLUMNS
          + " FROM alert_outbox WHERE acknowledged_at IS NULL AND escalated_at IS NULL"
          + " AND delivered_at IS NOT NULL AND delivered_at <= ? ORDER BY id LIMIT ?"
          + " FOR UPDATE SKIP LOCKED";
  private static final String MARK_ESCALATED =
      "UPDATE alert_outbox SET escalated_at = ? WHERE id = ANY(?)"
          + " AND acknowledged_at IS NULL AND escalated_at IS NULL";

  /**
   * What a relay does with the alerts it has claimed: publish them and return the ids of those
   * whose publication was confirmed. Only those are marked; ids it did not claim are ignored.
   */
  @FunctionalInterface
  public interface ClaimedAlerts {
    Collection<Long> publish(List<Alert> claimed) throws InterruptedException;
  }

  private final DataSource dataSource;

  public AlertOutbox(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** The oldest {@code limit} alerts not yet delivered, oldest first. */
  public List<Alert> undelivered(int limit) {
    requireLimit(limit);
    return query(
        "SELECT " + COLUMNS + " FROM alert_outbox WHERE delivered_at IS NULL ORDER BY id LIMIT ?",
        limit);
  }

  /**
   * Unacknowledged alerts, newest (highest id) first, delivered or not: of {@code schoolId} if
   * given, of {@code districtId} if given, of the whole city if both are null. A school outside the
   * given district has none.
   */
  public List<Alert> pending(Long districtId, Long schoolId, int limit) {
    requireLimit(limit);
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM alert_outbox WHERE acknowledged_at IS NULL");
    List<Long> parameters = new ArrayList<>(3);
    if (districtId != null) {
      sql.append(" AND district_id = ?");
      parameters.add(districtId);
    }
    if (schoolId != null) {
      sql.append(" AND school_id = ?");
      parameters.add(schoolId);
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    parameters.add((long) limit);
    return query(sql.toString(), parameters.stream().mapToLong(Long::longValue).toArray());
  }

  /** How many alerts in the whole city wait for a staff member to acknowledge them. */
  public long countPending() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM alert_outbox WHERE acknowledged_at IS NULL");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw Sql.failure("count pending alerts", e);
    }
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

  /**
   * In one transaction: locks the oldest {@code limit} undelivered alerts that no other transaction
   * holds ({@code FOR UPDATE SKIP LOCKED}, so relays on several nodes take disjoint alerts), hands
   * them to {@code publish}, marks delivered those it confirms, and commits. Returns how many were
   * marked.
   *
   * <p>If {@code publish} throws, is interrupted, or the commit fails, nothing is marked and the
   * locks go with the rolled-back transaction: the alerts are claimed again later. {@code
   * holdLimit} bounds how long the transaction may sit idle while {@code publish} runs; past it
   * PostgreSQL ends the session, so a node that hangs mid-publish frees its alerts for the others.
   *
   * @throws StoreException if the database cannot be reached or the transaction fails
   */
  public int relayUndelivered(int limit, Duration holdLimit, ClaimedAlerts publish)
      throws InterruptedException {
    requireLimit(limit);
    return claimPublishMark(
        "relay undelivered alerts",
        CLAIM_UNDELIVERED,
        ps -> ps.setInt(1, limit),
        MARK_DELIVERED,
        (ps, ids) -> ps.setArray(1, ids),
        holdLimit,
        publish);
  }

  /**
   * Like {@link #relayUndelivered}, for escalation: claims up to {@code limit} alerts delivered at
   * or before {@code deliveredBefore} and neither acknowledged nor escalated, hands them to {@code
   * publish}, and sets {@code escalated_at = escalatedAt} on those it confirms. An alert
   * acknowledged before it is claimed is never escalated; one acknowledged while it is being
   * escalated waits for the escalation to commit.
   */
  public int relayDueEscalations(
      Instant deliveredBefore,
      Instant escalatedAt,
      int limit,
      Duration holdLimit,
      ClaimedAlerts publish)
      throws InterruptedException {
    Objects.requireNonNull(deliveredBefore, "deliveredBefore");
    Objects.requireNonNull(escalatedAt, "escalatedAt");
    requireLimit(limit);
    return claimPublishMark(
        "relay due escalations",
        CLAIM_DUE_ESCALATIONS,
        ps -> {
          Jdbc.setInstant(ps, 1, deliveredBefore);
          ps.setInt(2, limit);
        },
        MARK_ESCALATED,
        (ps, ids) -> {
          Jdbc.setInstant(ps, 1, escalatedAt);
          ps.setArray(2, ids);
        },
        holdLimit,
        publish);
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

  @FunctionalInterface
  private interface Bind {
    void bind(PreparedStatement ps) throws SQLException;
  }

  @FunctionalInterface
  private interface BindIds {
    void bind(PreparedStatement ps, Array ids) throws SQLException;
  }

  private int claimPublishMark(
      String what,
      String claimSql,
      Bind claimParameters,
      String markSql,
      BindIds markParameters,
      Duration holdLimit,
      ClaimedAlerts publish)
      throws InterruptedException {
    Objects.requireNonNull(publish, "publish");
    long holdMillis = requireHoldLimit(holdLimit);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT set_config('idle_in_transaction_session_timeout', ?, true)")) {
          ps.setString(1, Long.toString(holdMillis));
          ps.execute();
        }
        List<Alert> claimed;
        try (PreparedStatement ps = c.prepareStatement(claimSql)) {
          claimParameters.bind(ps);
          claimed = read(ps);
        }
        if (claimed.isEmpty()) {
          c.commit();
          return 0;
        }
        Set<Long> claimedIds = new HashSet<>();
        claimed.forEach(a -> claimedIds.add(a.id()));
        Collection<Long> confirmed = publish.publish(List.copyOf(claimed));
        List<Long> toMark = new ArrayList<>();
        for (Long id : confirmed == null ? List.<Long>of() : confirmed) {
          if (id != null && claimedIds.contains(id)) {
            toMark.add(id);
          }
        }
        int marked = 0;
        if (!toMark.isEmpty()) {
          try (PreparedStatement ps = c.prepareStatement(markSql)) {
            markParameters.bind(ps, c.createArrayOf("int8", toMark.toArray()));
            marked = ps.executeUpdate();
          }
        }
        c.commit();
        return marked;
      } catch (SQLException | RuntimeException | InterruptedException e) {
        try {
          c.rollback();
        } catch (SQLException rollbackFailed) {
          e.addSuppressed(rollbackFailed);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw Sql.failure(what, e);
    }
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

  private List<Alert> query(String sql, long... parameters) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        ps.setLong(i + 1, parameters[i]);
      }
      return read(ps);
    } catch (SQLException e) {
      throw Sql.failure("read the alert outbox", e);
    }
  }

  private static List<Alert> read(PreparedStatement ps) throws SQLException {
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
  }

  private static void requireLimit(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", got " + limit);
    }
  }

  private static long requireHoldLimit(Duration holdLimit) {
    Objects.requireNonNull(holdLimit, "holdLimit");
    if (holdLimit.isNegative() || holdLimit.toMillis() < 1 || holdLimit.toHours() >= 1) {
      throw new IllegalArgumentException(
          "holdLimit must be 1 ms up to an hour, got " + holdLimit.toMillis() + " ms");
    }
    return holdLimit.toMillis();
  }
}
