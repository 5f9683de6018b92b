package org.huxin.engine.alerts;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
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
import java.util.function.Function;
import javax.sql.DataSource;
import org.huxin.engine.results.ResultWriter;
import org.huxin.engine.store.Jdbc;
import org.huxin.engine.store.Rows;
import org.huxin.engine.store.Sql;
import org.huxin.engine.store.StoreException;
import org.huxin.engine.store.Transactions;
import org.huxin.scales.CrisisLevel;

/**
 * The crisis alert outbox that {@link ResultWriter} fills in the result's own transaction (and
 * {@link CrisisDraftStore} for a crisis answer in a draft nobody submitted); every insert notifies
 * the relays ({@code NOTIFY huxin_alert}, V17) at COMMIT. A relay claims alerts not yet relayed,
 * publishes them and marks them relayed in one transaction on the reactive client ({@link
 * #relayUnrelayed}); consoles confirm what they {@link #received}; staff see {@link #pending}
 * alerts and {@link #acknowledge} them; alerts nobody acknowledged by their level's deadline are
 * escalated the same way ({@link #relayDueEscalations}).
 *
 * <p>The staff requests' methods run on the reactive {@link SqlClient} they are given (the pool, or
 * a request's transaction); the relay's, the gauges' and the offline jobs' run over JDBC on the
 * store's data source.
 */
public final class AlertOutboxStore {

  /** The most alerts one call reads or claims. */
  public static final int MAX_LIMIT = 1000;

  private static final String COLUMNS =
      "id, result_id, window_id, student_id, form, school_id, district_id, source, crisis_level,"
          + " created_at, escalate_due_at, relayed_at, relayed_by, seen_at, acknowledged_by,"
          + " acknowledged_at, escalated_at";

  private static final String CLAIM_UNRELAYED =
      "SELECT "
          + COLUMNS
          + " FROM alert_outbox WHERE relayed_at IS NULL ORDER BY id LIMIT ?"
          + " FOR UPDATE SKIP LOCKED";
  private static final String MARK_RELAYED =
      "UPDATE alert_outbox SET relayed_at = now(), relayed_by = ?"
          + " WHERE id = ANY(?) AND relayed_at IS NULL RETURNING id";
  private static final String CLAIM_DUE_ESCALATIONS =
      "SELECT "
          + COLUMNS
          + " FROM alert_outbox WHERE acknowledged_at IS NULL AND escalated_at IS NULL"
          + " AND escalate_due_at <= ? ORDER BY escalate_due_at, id LIMIT ?"
          + " FOR UPDATE SKIP LOCKED";
  private static final String MARK_ESCALATED =
      "UPDATE alert_outbox SET escalated_at = ? WHERE id = ANY(?)"
          + " AND acknowledged_at IS NULL AND escalated_at IS NULL RETURNING id";
  private static final String HOLD_LIMIT =
      "SELECT set_config('idle_in_transaction_session_timeout', $1, true)";
  private static final String RX_CLAIM_UNRELAYED = Sql.numbered(CLAIM_UNRELAYED);
  private static final String RX_MARK_RELAYED = Sql.numbered(MARK_RELAYED);
  private static final String RX_CLAIM_DUE_ESCALATIONS = Sql.numbered(CLAIM_DUE_ESCALATIONS);
  private static final String RX_MARK_ESCALATED = Sql.numbered(MARK_ESCALATED);

  /**
   * What a relay does with the alerts it has claimed: publish them and complete with the ids of
   * those whose publication was confirmed. Only those are marked; ids it did not claim are ignored.
   * A failed future (or a thrown exception) fails the pass, which then marks nothing.
   */
  @FunctionalInterface
  public interface ClaimedAlerts {
    Future<Collection<Long>> publish(List<Alert> claimed);
  }

  /**
   * What a relay or escalation pass marked: alerts, and the phone messages it owed for them (none
   * when their schools and districts have no channel).
   */
  public record Marked(int alerts, int notifications) {
    static final Marked NONE = new Marked(0, 0);
  }

  private final DataSource dataSource;

  public AlertOutboxStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** The oldest {@code limit} alerts no relay has handed on yet, oldest first. */
  public List<Alert> unrelayed(int limit) {
    requireLimit(limit);
    return query(
        "SELECT " + COLUMNS + " FROM alert_outbox WHERE relayed_at IS NULL ORDER BY id LIMIT ?",
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

  /**
   * A staff console's pending list: the newest alerts of {@link #pending(Long, Long, int)}, how
   * many are pending in that scope in all, and which of those listed the staff member's consoles
   * have confirmed before.
   */
  public record ConsoleList(List<Alert> alerts, long inAll, Set<Long> received) {}

  /**
   * The {@link ConsoleList} of {@code staffId} in one statement on {@code client} (a console polls
   * it, so one round trip rather than three): the count runs once, over every pending alert in
   * scope, and a receipt is looked up only for the rows listed (a window count over thousands of
   * pending alerts would look one up for each of them).
   */
  public Future<ConsoleList> consoleList(
      SqlClient client, long staffId, Long districtId, Long schoolId, int limit) {
    requireLimit(limit);
    Tuple parameters = Tuple.tuple().addLong(staffId);
    // The scope's parameters serve twice: in the count, where the columns are the counted
    // table's, and in the list.
    String scope = scope(parameters, districtId, schoolId);
    String sql =
        "SELECT "
            + COLUMNS
            + ", (SELECT count(*) FROM alert_outbox c WHERE c.acknowledged_at IS NULL"
            + scope
            + ") AS in_all, EXISTS (SELECT 1 FROM alert_receipt r"
            + " WHERE r.alert_id = a.id AND r.staff_id = $1) AS received"
            + " FROM alert_outbox a WHERE acknowledged_at IS NULL"
            + scope;
    parameters.addInteger(limit);
    return client
        .preparedQuery(sql + " ORDER BY id DESC LIMIT $" + parameters.size())
        .execute(parameters)
        .map(AlertOutboxStore::consoleList)
        .recover(Sql.failed("read the pending alerts of staff " + staffId));
  }

  private static ConsoleList consoleList(RowSet<Row> rows) {
    List<Alert> alerts = new ArrayList<>(rows.size());
    Set<Long> received = new HashSet<>();
    long inAll = 0;
    for (Row row : rows) {
      Alert alert = alert(row);
      alerts.add(alert);
      inAll = row.getLong("in_all");
      if (row.getBoolean("received")) {
        received.add(alert.id());
      }
    }
    return new ConsoleList(List.copyOf(alerts), inAll, Set.copyOf(received));
  }

  /** {@code AND district_id = $n AND school_id = $m} for those given, their values added. */
  private static String scope(Tuple parameters, Long districtId, Long schoolId) {
    StringBuilder sql = new StringBuilder();
    if (districtId != null) {
      parameters.addLong(districtId);
      sql.append(" AND district_id = $").append(parameters.size());
    }
    if (schoolId != null) {
      parameters.addLong(schoolId);
      sql.append(" AND school_id = $").append(parameters.size());
    }
    return sql.toString();
  }

  /**
   * What ops watch of the crisis path, read in one statement: unacknowledged alerts, those of them
   * past their crisis level's time to acknowledge ({@code escalate_due_at}; overdue whether or not
   * the escalation went out yet), the oldest unacknowledged and unseen ones, notifications failing
   * and alerts with no message owed.
   */
  public record Backlog(
      long pending, long overdue, Oldest oldest, long notificationsFailing, long unrouted) {
    /** Nothing read yet. */
    public static final Backlog NONE =
        new Backlog(0, 0, new Oldest(Optional.empty(), Optional.empty()), 0, 0);
  }

  /** The {@link Backlog} at {@code now} (the node's clock), on {@code client}. */
  public Future<Backlog> backlog(SqlClient client, Instant now) {
    return client
        .preparedQuery(
            "SELECT (SELECT count(*) FROM alert_outbox WHERE acknowledged_at IS NULL),"
                + " (SELECT count(*) FROM alert_outbox"
                + "   WHERE acknowledged_at IS NULL AND escalate_due_at < $1),"
                + " (SELECT min(created_at) FROM alert_outbox WHERE acknowledged_at IS NULL),"
                + " (SELECT min(created_at) FROM alert_outbox"
                + "   WHERE acknowledged_at IS NULL AND seen_at IS NULL),"
                + " ("
                + AlertNotificationStore.COUNT_FAILING
                + "), ("
                + AlertNotificationStore.COUNT_UNROUTED
                + ")")
        .execute(Tuple.of(Rows.at(now)))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              return new Backlog(
                  r.getLong(0),
                  r.getLong(1),
                  new Oldest(
                      Optional.ofNullable(Rows.instant(r, 2)),
                      Optional.ofNullable(Rows.instant(r, 3))),
                  r.getLong(4),
                  r.getLong(5));
            })
        .recover(Sql.failed("read the alert backlog"));
  }

  /**
   * When the oldest unacknowledged alert was created, and when the oldest alert that no console has
   * confirmed yet was: the two ages ops watch. Empty instants when there is none.
   */
  public record Oldest(Optional<Instant> unacknowledged, Optional<Instant> unseen) {}

  /**
   * Records that {@code staffId}'s console has the alerts {@code alertIds} (the caller checked they
   * are in the staff member's scope), and sets each alert's {@code seen_at} the first time. The
   * future holds the ids this staff member had not confirmed before. Run it in a transaction.
   */
  public Future<Set<Long>> received(
      SqlClient client, long staffId, Collection<Long> alertIds, Instant at) {
    Objects.requireNonNull(at, "at");
    if (alertIds.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    Long[] ids = alertIds.toArray(Long[]::new);
    Future<Set<Long>> first =
        client
            .preparedQuery(
                "INSERT INTO alert_receipt (alert_id, staff_id, received_at)"
                    + " SELECT unnest($1::int8[]), $2, $3 ON CONFLICT DO NOTHING"
                    + " RETURNING alert_id")
            .execute(Tuple.of(ids, staffId, Rows.at(at)))
            .map(AlertOutboxStore::idSet);
    Future<?> seen =
        client
            .preparedQuery(
                "UPDATE alert_outbox SET seen_at = $1"
                    + " WHERE id = ANY($2::int8[]) AND seen_at IS NULL")
            .execute(Tuple.tuple().addOffsetDateTime(Rows.at(at)).addArrayOfLong(ids));
    return Future.all(first, seen)
        .map(both -> first.result())
        .recover(Sql.failed("record alerts received by staff " + staffId));
  }

  /** The alerts with these ids that exist, in id order; at most {@link #MAX_LIMIT} ids. */
  public Future<List<Alert>> findAll(SqlClient client, Collection<Long> alertIds) {
    if (alertIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    if (alertIds.size() > MAX_LIMIT) {
      return Future.failedFuture(
          new IllegalArgumentException("at most " + MAX_LIMIT + " alert ids at once"));
    }
    return client
        .preparedQuery(
            "SELECT " + COLUMNS + " FROM alert_outbox WHERE id = ANY($1::int8[]) ORDER BY id")
        .execute(Tuple.of(alertIds.toArray(Long[]::new)))
        .map(rows -> Rows.list(rows, AlertOutboxStore::alert))
        .recover(Sql.failed("read alerts"));
  }

  public Optional<Alert> find(long alertId) {
    List<Alert> found = query("SELECT " + COLUMNS + " FROM alert_outbox WHERE id = ?", alertId);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** As {@link #find(long)}, on {@code client}. */
  public Future<Optional<Alert>> find(SqlClient client, long alertId) {
    return client
        .preparedQuery("SELECT " + COLUMNS + " FROM alert_outbox WHERE id = $1")
        .execute(Tuple.of(alertId))
        .map(rows -> Optional.ofNullable(Rows.first(rows, AlertOutboxStore::alert)))
        .recover(Sql.failed("read alert " + alertId));
  }

  /**
   * Marks alerts relayed by {@code node} outside a relay pass, owing their phone messages in the
   * same transaction as a relay pass does; returns how many were not relayed before.
   */
  public int markRelayed(Collection<Long> alertIds, String node) {
    try {
      return Transactions.inTransaction(
          dataSource,
          c -> {
            List<Long> marked = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(MARK_RELAYED)) {
              ps.setString(1, node);
              ps.setArray(2, c.createArrayOf("int8", alertIds.toArray()));
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  marked.add(rs.getLong(1));
                }
              }
            }
            if (!marked.isEmpty()) {
              AlertNotificationStore.fanOut(
                  c, AlertNotification.Kind.DELIVERY, c.createArrayOf("int8", marked.toArray()));
            }
            return marked.size();
          });
    } catch (SQLException e) {
      throw Sql.failure("mark alerts relayed", e);
    }
  }

  /**
   * In {@code tx}'s transaction (begun by the caller, who commits it): locks the oldest {@code
   * limit} alerts not yet relayed that no other transaction holds ({@code FOR UPDATE SKIP LOCKED},
   * so relays on several nodes take disjoint alerts), hands them to {@code publish}, marks relayed
   * by {@code node} those it confirms and owes their phone messages ({@link
   * AlertNotificationStore#fanOut}). The future holds how many were marked and how many phone
   * messages that owed ({@link Marked}); they are relayed once the caller's COMMIT has returned.
   *
   * <p>If {@code publish} fails, the caller's transaction is closed or its commit fails, nothing is
   * marked and the locks go with the rolled-back transaction: the alerts are claimed again later.
   * {@code holdLimit} bounds how long the transaction may sit idle while {@code publish} runs; past
   * it PostgreSQL ends the session, so a node that hangs mid-publish frees its alerts for the
   * others. Database failures fail the future with a {@link StoreException}; a failure of {@code
   * publish} is passed on as it is.
   *
   * @throws IllegalArgumentException at once, before any SQL, for a limit or hold limit out of
   *     range
   */
  public Future<Marked> relayUnrelayed(
      SqlConnection tx, int limit, Duration holdLimit, String node, ClaimedAlerts publish) {
    requireLimit(limit);
    Objects.requireNonNull(node, "node");
    return claimPublishMark(
        tx,
        "relay alerts",
        RX_CLAIM_UNRELAYED,
        Tuple.of(limit),
        RX_MARK_RELAYED,
        ids -> Tuple.tuple().addValue(node).addValue(ids),
        AlertNotification.Kind.DELIVERY,
        holdLimit,
        publish);
  }

  /**
   * Like {@link #relayUnrelayed}, for escalation: claims up to {@code limit} alerts whose {@code
   * escalate_due_at} is at or before {@code now} and that are neither acknowledged nor escalated,
   * hands them to {@code publish}, and sets {@code escalated_at = now} on those it confirms (owing
   * the district's phone messages). An alert acknowledged before it is claimed is never escalated;
   * one acknowledged while it is being escalated waits for the escalation to commit. An alert no
   * relay has handed on yet is escalated all the same: its deadline runs from the answer, not from
   * the relay.
   */
  public Future<Marked> relayDueEscalations(
      SqlConnection tx, Instant now, int limit, Duration holdLimit, ClaimedAlerts publish) {
    Objects.requireNonNull(now, "now");
    requireLimit(limit);
    return claimPublishMark(
        tx,
        "relay due escalations",
        RX_CLAIM_DUE_ESCALATIONS,
        Tuple.of(Rows.at(now), limit),
        RX_MARK_ESCALATED,
        ids -> Tuple.tuple().addValue(Rows.at(now)).addValue(ids),
        AlertNotification.Kind.ESCALATION,
        holdLimit,
        publish);
  }

  /**
   * Records that {@code staffId} took the alert on at {@code at}; false if already acknowledged.
   */
  public boolean acknowledge(long alertId, long staffId, Instant at) {
    String sql =
        "UPDATE alert_outbox SET acknowledged_by = ?, acknowledged_at = ?"
            + " WHERE id = ? AND acknowledged_at IS NULL";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, staffId);
      Jdbc.setInstant(ps, 2, at);
      ps.setLong(3, alertId);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw Sql.failure("acknowledge alert " + alertId + " by staff " + staffId, e);
    }
  }

  /**
   * As {@link #acknowledge(long, long, Instant)}, on {@code client}: a staff request's transaction,
   * so that the acknowledgement commits with its audit row.
   */
  public Future<Boolean> acknowledge(SqlClient client, long alertId, long staffId, Instant at) {
    Objects.requireNonNull(at, "at");
    return client
        .preparedQuery(
            "UPDATE alert_outbox SET acknowledged_by = $1, acknowledged_at = $2"
                + " WHERE id = $3 AND acknowledged_at IS NULL")
        .execute(Tuple.of(staffId, Rows.at(at), alertId))
        .map(rows -> rows.rowCount() == 1)
        .recover(Sql.failed("acknowledge alert " + alertId + " by staff " + staffId));
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

  private static Future<Marked> claimPublishMark(
      SqlConnection tx,
      String what,
      String claimSql,
      Tuple claimParameters,
      String markSql,
      Function<Long[], Tuple> markParameters,
      AlertNotification.Kind notify,
      Duration holdLimit,
      ClaimedAlerts publish) {
    Objects.requireNonNull(tx, "tx");
    Objects.requireNonNull(publish, "publish");
    long holdMillis = requireHoldLimit(holdLimit);
    return tx.preparedQuery(HOLD_LIMIT)
        .execute(Tuple.of(Long.toString(holdMillis)))
        .compose(set -> tx.preparedQuery(claimSql).execute(claimParameters))
        .recover(Sql.failed(what))
        .compose(
            rows -> {
              List<Alert> claimed = Rows.list(rows, AlertOutboxStore::alert);
              if (claimed.isEmpty()) {
                return Future.succeededFuture(Marked.NONE);
              }
              Set<Long> claimedIds = new HashSet<>();
              claimed.forEach(a -> claimedIds.add(a.id()));
              Future<Collection<Long>> confirmed = publish.publish(List.copyOf(claimed));
              if (confirmed == null) {
                return Future.failedFuture(new IllegalStateException("publish returned no future"));
              }
              return confirmed.compose(
                  ids -> {
                    List<Long> toMark = new ArrayList<>();
                    for (Long id : ids == null ? List.<Long>of() : ids) {
                      if (id != null && claimedIds.contains(id)) {
                        toMark.add(id);
                      }
                    }
                    if (toMark.isEmpty()) {
                      return Future.succeededFuture(Marked.NONE);
                    }
                    return mark(tx, what, markSql, markParameters, notify, toMark);
                  });
            });
  }

  private static Future<Marked> mark(
      SqlConnection tx,
      String what,
      String markSql,
      Function<Long[], Tuple> markParameters,
      AlertNotification.Kind notify,
      List<Long> toMark) {
    return tx.preparedQuery(markSql)
        .execute(markParameters.apply(toMark.toArray(new Long[0])))
        .compose(
            rows -> {
              List<Long> marked = Rows.list(rows, row -> row.getLong(0));
              if (marked.isEmpty()) {
                return Future.succeededFuture(Marked.NONE);
              }
              return AlertNotificationStore.fanOut(tx, notify, marked.toArray(new Long[0]))
                  .map(added -> new Marked(marked.size(), added));
            })
        .recover(Sql.failed(what));
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

  private static Alert alert(Row row) {
    return new Alert(
        row.getLong("id"),
        row.getLong("result_id"),
        row.getLong("window_id"),
        row.getLong("student_id"),
        row.getString("form"),
        row.getLong("school_id"),
        row.getLong("district_id"),
        Alert.Source.ofKey(row.getString("source")),
        CrisisLevel.ofCode(row.getInteger("crisis_level")),
        Rows.instant(row, "created_at"),
        Rows.instant(row, "escalate_due_at"),
        Rows.instant(row, "relayed_at"),
        row.getString("relayed_by"),
        Rows.instant(row, "seen_at"),
        row.getLong("acknowledged_by"),
        Rows.instant(row, "acknowledged_at"),
        Rows.instant(row, "escalated_at"));
  }

  private static List<Alert> read(PreparedStatement ps) throws SQLException {
    List<Alert> alerts = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        alerts.add(
            new Alert(
                rs.getLong("id"),
                Jdbc.nullableLong(rs, "result_id"),
                rs.getLong("window_id"),
                rs.getLong("student_id"),
                rs.getString("form"),
                rs.getLong("school_id"),
                rs.getLong("district_id"),
                Alert.Source.ofKey(rs.getString("source")),
                CrisisLevel.ofCode(rs.getInt("crisis_level")),
                Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "escalate_due_at"),
                Jdbc.instant(rs, "relayed_at"),
                rs.getString("relayed_by"),
                Jdbc.instant(rs, "seen_at"),
                Jdbc.nullableLong(rs, "acknowledged_by"),
                Jdbc.instant(rs, "acknowledged_at"),
                Jdbc.instant(rs, "escalated_at")));
      }
    }
    return alerts;
  }

  private static Set<Long> idSet(RowSet<Row> rows) {
    Set<Long> ids = new HashSet<>();
    rows.forEach(row -> ids.add(row.getLong(0)));
    return ids;
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
