package org.huxin.engine.alerts;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.huxin.engine.alerts.AlertNotification.Kind;
import org.huxin.engine.alerts.AlertNotification.Status;
import org.huxin.engine.store.Jdbc;
import org.huxin.engine.store.Sql;
import org.huxin.engine.store.Transactions;
import org.huxin.scales.CrisisLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The phone-message outbox ({@code alert_notification}): who is owed a message for which alert, and
 * where each message is.
 *
 * <p><b>Routing.</b> {@link AlertOutboxStore} calls {@link #fanOut} in the transaction that marks
 * alerts relayed or escalated (the relay's and escalator's on the reactive client, {@link
 * AlertOutboxStore#markRelayed} on JDBC), for exactly the ids it marks, so an alert is marked if
 * and only if its messages are owed. A relayed alert goes to its school's enabled channels or, when
 * the school has none, to its district's own channels; an escalation goes to the district's own
 * channels. There is no city channel: an alert with nowhere to go is logged (ids only) and counted
 * by {@link #countUnrouted}, and the consoles still show it. Disabling or deleting a channel sends
 * its unsent messages to the channels that now stand in for it ({@link #reroute}).
 *
 * <p><b>Sending.</b> A notifier {@linkplain #claim claims} due rows with a lease: one statement
 * sets {@code lease_until} and a fresh {@code lease_token} on rows no live lease holds ({@code FOR
 * UPDATE SKIP LOCKED}, so notifiers on several nodes take disjoint rows) and commits. It then sends
 * outside any transaction and marks the rows {@linkplain #markSent sent} or {@linkplain
 * #markFailing failing} only while its token is still on them. A notifier that dies mid-send leaves
 * its rows leased until {@code lease_until}, or until the nodes left see it go (or it starts again)
 * and {@linkplain #releaseLeasesOf give its leases back}; then another claims and sends them again:
 * at least once.
 */
public final class AlertNotificationStore {

  private static final Logger LOG = LoggerFactory.getLogger(AlertNotificationStore.class);

  /** The longest error text kept. */
  public static final int MAX_ERROR = 300;

  /**
   * Delivery rows for alerts {@code ids}: the school's enabled channels, else the district's own.
   * Parameters: a channel id to leave out twice (0 for none), the alert ids.
   */
  private static final String DELIVERY_TARGETS =
      "INSERT INTO alert_notification (alert_id, channel_id, kind)"
          + " SELECT a.id, c.id, 'delivery' FROM alert_outbox a JOIN alert_channel c"
          + " ON c.enabled AND c.id <> ? AND (c.school_id = a.school_id"
          + " OR (c.school_id IS NULL AND c.district_id = a.district_id AND NOT EXISTS ("
          + "   SELECT 1 FROM alert_channel s"
          + "    WHERE s.enabled AND s.id <> ? AND s.school_id = a.school_id)))"
          + " WHERE a.id = ANY(?)"
          + " ON CONFLICT (alert_id, channel_id, kind) DO NOTHING";

  /** Escalation rows: the district's own enabled channels. Parameters: as above (one exclusion). */
  private static final String ESCALATION_TARGETS =
      "INSERT INTO alert_notification (alert_id, channel_id, kind)"
          + " SELECT a.id, c.id, 'escalation' FROM alert_outbox a JOIN alert_channel c"
          + " ON c.enabled AND c.id <> ? AND c.school_id IS NULL AND c.district_id = a.district_id"
          + " WHERE a.id = ANY(?)"
          + " ON CONFLICT (alert_id, channel_id, kind) DO NOTHING";

  /** The same statements for the reactive client (a channel disabled or deleted by staff). */
  private static final String UNROUTED =
      "SELECT a.id, a.school_id, a.district_id FROM alert_outbox a"
          + " WHERE a.id = ANY(?) AND NOT EXISTS ("
          + "   SELECT 1 FROM alert_notification n JOIN alert_channel c ON c.id = n.channel_id"
          + "    WHERE n.alert_id = a.id AND n.kind = ? AND c.enabled)"
          + " ORDER BY a.id";

  /**
   * Leases every unsent row (up to the limit) of each enabled channel that has at least one due
   * row, so one message carries all of a channel's outstanding alerts.
   */
  private static final String CLAIM =
      "WITH claimed AS ("
          + " UPDATE alert_notification SET lease_until = ?, lease_token = ?, lease_node = ?,"
          + "  attempts = attempts + 1"
          + "  WHERE id IN ("
          + "   SELECT n.id FROM alert_notification n"
          + "    WHERE n.status IN ('pending', 'failing')"
          + "      AND (n.lease_until IS NULL OR n.lease_until < ?)"
          + "      AND n.channel_id IN ("
          + "        SELECT d.channel_id FROM alert_notification d"
          + "          JOIN alert_channel c ON c.id = d.channel_id"
          + "         WHERE c.enabled AND d.status IN ('pending', 'failing')"
          + "           AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= ?)"
          + "           AND (d.lease_until IS NULL OR d.lease_until < ?))"
          + "    ORDER BY n.id LIMIT ? FOR UPDATE OF n SKIP LOCKED)"
          + "  RETURNING id, alert_id, channel_id, kind, attempts)"
          + " SELECT k.id, k.alert_id, k.channel_id, k.kind, k.attempts, a.school_id,"
          + "   s.name AS school_name, a.crisis_level, a.acknowledged_at IS NOT NULL AS acknowledged"
          + " FROM claimed k JOIN alert_outbox a ON a.id = k.alert_id"
          + "   JOIN school s ON s.id = a.school_id"
          + " ORDER BY k.channel_id, k.id";

  /**
   * Notifications tried and not yet sent, in the whole city (also read by the outbox's backlog).
   */
  static final String COUNT_FAILING =
      "SELECT count(*) FROM alert_notification WHERE status = 'failing'";

  /** Alerts with no message owed for their delivery or escalation (see {@link #countUnrouted}). */
  static final String COUNT_UNROUTED =
      "SELECT count(*) FROM alert_outbox a WHERE a.acknowledged_at IS NULL AND ("
          + " (a.relayed_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM alert_notification n"
          + "   WHERE n.alert_id = a.id AND n.kind = 'delivery'))"
          + " OR (a.escalated_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM alert_notification n"
          + "   WHERE n.alert_id = a.id AND n.kind = 'escalation')))";

  private static final String RX_DELIVERY_TARGETS = Sql.numbered(DELIVERY_TARGETS);
  private static final String RX_ESCALATION_TARGETS = Sql.numbered(ESCALATION_TARGETS);
  private static final String RX_UNROUTED = Sql.numbered(UNROUTED);

  private static final String COLUMNS =
      "id, alert_id, channel_id, kind, status, attempts, next_attempt_at, lease_until, sent_at,"
          + " last_error, created_at";

  private final DataSource dataSource;

  public AlertNotificationStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * Owes messages for alerts {@code alertIds} as {@code kind} routes them, on the caller's
   * connection and inside its transaction; logs (ids only) the alerts that have no enabled channel.
   * Returns how many rows were added.
   */
  static int fanOut(Connection c, Kind kind, Array alertIds) throws SQLException {
    int added = insertTargets(c, kind, alertIds, 0);
    try (PreparedStatement ps = c.prepareStatement(UNROUTED)) {
      ps.setArray(1, alertIds);
      ps.setString(2, kind.key());
      List<Long> alerts = new ArrayList<>();
      TreeSet<Long> schools = new TreeSet<>();
      TreeSet<Long> districts = new TreeSet<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          alerts.add(rs.getLong(1));
          schools.add(rs.getLong(2));
          districts.add(rs.getLong(3));
        }
      }
      logUnrouted(kind, alerts, schools, districts);
    }
    return added;
  }

  /**
   * As {@link #fanOut(Connection, Kind, Array)} on the reactive client: owes messages for alerts
   * {@code alertIds} as {@code kind} routes them, on {@code tx} and inside its transaction, and
   * logs (ids only) the alerts that have no enabled channel. The future holds how many rows were
   * added.
   */
  static Future<Integer> fanOut(SqlConnection tx, Kind kind, Long[] alertIds) {
    Future<Integer> added =
        (kind == Kind.DELIVERY
                ? tx.preparedQuery(RX_DELIVERY_TARGETS)
                    .execute(Tuple.tuple().addValue(0L).addValue(0L).addValue(alertIds))
                : tx.preparedQuery(RX_ESCALATION_TARGETS)
                    .execute(Tuple.tuple().addValue(0L).addValue(alertIds)))
            .map(rows -> rows.rowCount());
    return added.compose(
        n ->
            tx.preparedQuery(RX_UNROUTED)
                .execute(Tuple.tuple().addValue(alertIds).addValue(kind.key()))
                .map(
                    rows -> {
                      List<Long> alerts = new ArrayList<>();
                      TreeSet<Long> schools = new TreeSet<>();
                      TreeSet<Long> districts = new TreeSet<>();
                      for (Row row : rows) {
                        alerts.add(row.getLong(0));
                        schools.add(row.getLong(1));
                        districts.add(row.getLong(2));
                      }
                      logUnrouted(kind, alerts, schools, districts);
                      return n;
                    }));
  }

  private static void logUnrouted(
      Kind kind, List<Long> alerts, TreeSet<Long> schools, TreeSet<Long> districts) {
    if (!alerts.isEmpty()) {
      LOG.warn(
          "no enabled {} channel for alerts {} (schools {}, districts {}): no phone message goes"
              + " out for them; the consoles still show them. Add a channel for the district.",
          kind.key(),
          alerts,
          schools,
          districts);
    }
  }

  /**
   * Sends the unsent messages of channel {@code channelId} (being disabled or deleted, in the
   * caller's transaction) to the channels that stand in for it now, and drops them from it. The
   * future holds how many rows were added.
   */
  static Future<Integer> reroute(SqlClient tx, long channelId) {
    List<Future<Integer>> added = new ArrayList<>(Kind.values().length);
    for (Kind kind : Kind.values()) {
      added.add(
          tx.preparedQuery(
                  "SELECT n.alert_id FROM alert_notification n"
                      + " JOIN alert_outbox a ON a.id = n.alert_id"
                      + " WHERE n.channel_id = $1 AND n.kind = $2"
                      + " AND n.status IN ('pending', 'failing') AND a.acknowledged_at IS NULL")
              .execute(Tuple.of(channelId, kind.key()))
              .compose(
                  owed -> {
                    if (owed.size() == 0) {
                      return Future.succeededFuture(0);
                    }
                    Long[] alerts = new Long[owed.size()];
                    int i = 0;
                    for (Row row : owed) {
                      alerts[i++] = row.getLong(0);
                    }
                    return insertTargets(tx, kind, alerts, channelId);
                  }));
    }
    return Future.all(added)
        .compose(
            all ->
                tx.preparedQuery(
                        "DELETE FROM alert_notification WHERE channel_id = $1"
                            + " AND status IN ('pending', 'failing')")
                    .execute(Tuple.of(channelId))
                    .map(deleted -> added.stream().mapToInt(Future::result).sum()))
        .recover(Sql.failed("reroute the notifications of channel " + channelId));
  }

  /** As {@link #insertTargets(Connection, Kind, Array, long)}, on the reactive client. */
  private static Future<Integer> insertTargets(
      SqlClient tx, Kind kind, Long[] alertIds, long excluded) {
    // Tuple.tuple(), not Tuple.of(excluded, alertIds): that would spread the array.
    Tuple parameters = Tuple.tuple().addLong(excluded);
    if (kind == Kind.DELIVERY) {
      parameters.addLong(excluded);
    }
    parameters.addArrayOfLong(alertIds);
    return tx.preparedQuery(kind == Kind.DELIVERY ? RX_DELIVERY_TARGETS : RX_ESCALATION_TARGETS)
        .execute(parameters)
        .map(rows -> rows.rowCount());
  }

  private static int insertTargets(Connection c, Kind kind, Array alertIds, long excluded)
      throws SQLException {
    if (kind == Kind.DELIVERY) {
      try (PreparedStatement ps = c.prepareStatement(DELIVERY_TARGETS)) {
        ps.setLong(1, excluded);
        ps.setLong(2, excluded);
        ps.setArray(3, alertIds);
        return ps.executeUpdate();
      }
    }
    try (PreparedStatement ps = c.prepareStatement(ESCALATION_TARGETS)) {
      ps.setLong(1, excluded);
      ps.setArray(2, alertIds);
      return ps.executeUpdate();
    }
  }

  /**
   * Leases up to {@code limit} unsent notifications until {@code now + lease} under {@code token},
   * held by {@code node}: every unsent one of each enabled channel with at least one row due at
   * {@code now} (new, or past its backoff) that no live lease holds. Commits before returning;
   * ordered by channel.
   */
  public List<ClaimedNotification> claim(
      int limit, Instant now, Duration lease, UUID token, String node) {
    if (limit < 1 || limit > AlertOutboxStore.MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + AlertOutboxStore.MAX_LIMIT);
    }
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(node, "node");
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive");
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(CLAIM)) {
      Jdbc.setInstant(ps, 1, now.plus(lease));
      ps.setObject(2, token);
      ps.setString(3, node);
      Jdbc.setInstant(ps, 4, now);
      Jdbc.setInstant(ps, 5, now);
      Jdbc.setInstant(ps, 6, now);
      ps.setInt(7, limit);
      List<ClaimedNotification> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new ClaimedNotification(
                  rs.getLong("id"),
                  rs.getLong("alert_id"),
                  rs.getLong("channel_id"),
                  Kind.ofKey(rs.getString("kind")),
                  rs.getInt("attempts"),
                  rs.getLong("school_id"),
                  rs.getString("school_name"),
                  CrisisLevel.ofCode(rs.getInt("crisis_level")),
                  rs.getBoolean("acknowledged")));
        }
      }
      return out;
    } catch (SQLException e) {
      throw Sql.failure("claim alert notifications", e);
    }
  }

  /**
   * Marks {@code ids} (of channel {@code channelId}, leased under {@code token}) sent at {@code at}
   * and records a good send on the channel, in one transaction. Returns how many rows this lease
   * still held; rows another notifier took over meanwhile are left to it.
   */
  public int markSent(long channelId, Collection<Long> ids, UUID token, Instant at) {
    Objects.requireNonNull(token, "token");
    return settle(
        "mark alert notifications sent",
        "UPDATE alert_notification SET status = 'sent', sent_at = ?, next_attempt_at = NULL,"
            + " lease_until = NULL, lease_token = NULL, lease_node = NULL, last_error = NULL"
            + " WHERE id = ANY(?) AND lease_token = ?",
        (ps, array) -> {
          Jdbc.setInstant(ps, 1, at);
          ps.setArray(2, array);
          ps.setObject(3, token);
        },
        ids,
        channelId,
        "UPDATE alert_channel SET last_ok_at = ?, failing_since = NULL WHERE id = ?",
        ps -> {
          Jdbc.setInstant(ps, 1, at);
          ps.setLong(2, channelId);
        });
  }

  /**
   * Marks {@code ids} failing, to be tried again at {@code retryAt}, with {@code error} (short, no
   * secrets), and records the failure on the channel, in one transaction. Returns how many rows
   * this lease still held.
   */
  public int markFailing(
      long channelId, Collection<Long> ids, UUID token, Instant at, Instant retryAt, String error) {
    Objects.requireNonNull(token, "token");
    String kept = shorten(error);
    return settle(
        "mark alert notifications failing",
        "UPDATE alert_notification SET status = 'failing', next_attempt_at = ?, last_error = ?,"
            + " lease_until = NULL, lease_token = NULL, lease_node = NULL WHERE id = ANY(?) AND lease_token = ?",
        (ps, array) -> {
          Jdbc.setInstant(ps, 1, retryAt);
          ps.setString(2, kept);
          ps.setArray(3, array);
          ps.setObject(4, token);
        },
        ids,
        channelId,
        "UPDATE alert_channel SET last_error_at = ?, last_error = ?,"
            + " failing_since = coalesce(failing_since, ?) WHERE id = ?",
        ps -> {
          Jdbc.setInstant(ps, 1, at);
          ps.setString(2, kept);
          Jdbc.setInstant(ps, 3, at);
          ps.setLong(4, channelId);
        });
  }

  /** Marks {@code ids} skipped: their alerts were acknowledged before a message went out. */
  public int markSkipped(Collection<Long> ids, UUID token) {
    if (ids.isEmpty()) {
      return 0;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE alert_notification SET status = 'skipped', next_attempt_at = NULL,"
                    + " lease_until = NULL, lease_token = NULL, lease_node = NULL"
                    + " WHERE id = ANY(?) AND lease_token = ?")) {
      ps.setArray(1, c.createArrayOf("int8", ids.toArray()));
      ps.setObject(2, token);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw Sql.failure("mark alert notifications skipped", e);
    }
  }

  /**
   * Gives back {@code ids} leased under {@code token} without trying them (they did not fit in this
   * pass's message): due at once, the attempt not counted.
   */
  public int release(Collection<Long> ids, UUID token) {
    if (ids.isEmpty()) {
      return 0;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE alert_notification SET lease_until = NULL, lease_token = NULL, lease_node = NULL,"
                    + " next_attempt_at = NULL, attempts = attempts - 1"
                    + " WHERE id = ANY(?) AND lease_token = ?")) {
      ps.setArray(1, c.createArrayOf("int8", ids.toArray()));
      ps.setObject(2, token);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw Sql.failure("release alert notifications", e);
    }
  }

  /**
   * Gives back every lease {@code node} holds, live or not, and makes those rows due at once: for a
   * node that left the cluster, or this node as it starts again, whose sends will never be marked.
   * The attempt still counts (it may have been made). Returns how many rows it gave back.
   */
  public int releaseLeasesOf(String node) {
    Objects.requireNonNull(node, "node");
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE alert_notification SET lease_until = NULL, lease_token = NULL,"
                    + " lease_node = NULL, next_attempt_at = NULL"
                    + " WHERE lease_node = ? AND status IN ('pending', 'failing')")) {
      ps.setString(1, node);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw Sql.failure("release the alert notifications of a node", e);
    }
  }

  /** Makes channel {@code channelId}'s failing notifications due at once (after a good test). */
  public int retryNow(long channelId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE alert_notification SET next_attempt_at = NULL"
                    + " WHERE channel_id = ? AND status = 'failing'")) {
      ps.setLong(1, channelId);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw Sql.failure("retry the notifications of channel " + channelId, e);
    }
  }

  /** Notifications tried and not yet sent, in the whole city. */
  public long countFailing() {
    return count(COUNT_FAILING);
  }

  /**
   * Unacknowledged alerts that were relayed (or escalated) without a delivery (or escalation)
   * message owed anywhere: their school and district had no enabled channel.
   */
  public long countUnrouted() {
    return count(COUNT_UNROUTED);
  }

  /** Every notification owed for {@code alertId}, by id. */
  public List<AlertNotification> forAlert(long alertId) {
    return list(
        "SELECT " + COLUMNS + " FROM alert_notification WHERE alert_id = ? ORDER BY id", alertId);
  }

  /** Every notification of channel {@code channelId}, by id. */
  public List<AlertNotification> forChannel(long channelId) {
    return list(
        "SELECT " + COLUMNS + " FROM alert_notification WHERE channel_id = ? ORDER BY id",
        channelId);
  }

  /** Cuts an error to {@link #MAX_ERROR} characters, on one line; null stays null. */
  static String shorten(String error) {
    if (error == null) {
      return null;
    }
    String oneLine = error.replaceAll("[\\r\\n\\t]+", " ").strip();
    return oneLine.length() <= MAX_ERROR ? oneLine : oneLine.substring(0, MAX_ERROR - 1) + "…";
  }

  private int settle(
      String what,
      String rowsSql,
      Jdbc.IdsBinder rowsParameters,
      Collection<Long> ids,
      long channelId,
      String channelSql,
      Jdbc.Binder channelParameters) {
    if (ids.isEmpty()) {
      return 0;
    }
    try {
      return Transactions.inTransaction(
          dataSource,
          c -> {
            int marked;
            try (PreparedStatement ps = c.prepareStatement(rowsSql)) {
              rowsParameters.bind(ps, c.createArrayOf("int8", ids.toArray()));
              marked = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(channelSql)) {
              channelParameters.bind(ps);
              ps.executeUpdate();
            }
            return marked;
          });
    } catch (SQLException e) {
      throw Sql.failure(what + " of channel " + channelId, e);
    }
  }

  private long count(String sql) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw Sql.failure("count alert notifications", e);
    }
  }

  private List<AlertNotification> list(String sql, long id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, id);
      List<AlertNotification> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new AlertNotification(
                  rs.getLong("id"),
                  rs.getLong("alert_id"),
                  rs.getLong("channel_id"),
                  Kind.ofKey(rs.getString("kind")),
                  Status.ofKey(rs.getString("status")),
                  rs.getInt("attempts"),
                  Jdbc.instant(rs, "next_attempt_at"),
                  Jdbc.instant(rs, "lease_until"),
                  Jdbc.instant(rs, "sent_at"),
                  rs.getString("last_error"),
                  Jdbc.instant(rs, "created_at")));
        }
      }
      return out;
    } catch (SQLException e) {
      throw Sql.failure("read alert notifications", e);
    }
  }
}
