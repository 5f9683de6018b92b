package org.huxin.engine.audit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.huxin.engine.store.Rows;
import org.huxin.engine.store.Sql;

/**
 * The append-only audit trail of every view or export of identifiable results; the database refuses
 * updates and deletes of its rows. Every method runs on the {@link SqlClient} it is given: a
 * request's transaction, so that its audit row commits or rolls back with what it audits, or the
 * pool for a row of its own (a refusal).
 */
public final class AuditStore {

  private static final String INSERT =
      "INSERT INTO audit (actor_id, actor_role, action, subject_student_id, subject, reason, ok)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7)";

  private static final String COLUMNS =
      "a.id, a.at, a.actor_id, a.actor_role, a.action, a.subject_student_id, a.subject, a.reason,"
          + " a.ok";

  /** Records {@code event} at the database's current time; the future holds its id. */
  public Future<Long> record(SqlClient client, AuditEvent event) {
    Objects.requireNonNull(event, "event");
    return client
        .preparedQuery(INSERT + " RETURNING id")
        .execute(tuple(event))
        .map(rows -> rows.iterator().next().getLong(0))
        .recover(Sql.failed("record audit event " + event.action()));
  }

  /**
   * Records every event in one batched statement: a list view that shows many students writes one
   * row per student shown. Run it in a transaction to have all or none.
   */
  public Future<Void> recordAll(SqlClient client, List<AuditEvent> events) {
    Objects.requireNonNull(events, "events");
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = new ArrayList<>(events.size());
    events.forEach(e -> batch.add(tuple(e)));
    return client
        .preparedQuery(INSERT)
        .executeBatch(batch)
        .<Void>mapEmpty()
        .recover(Sql.failed("record " + events.size() + " audit events"));
  }

  private static Tuple tuple(AuditEvent event) {
    return Tuple.of(
        event.actorId(),
        event.actorRole(),
        event.action(),
        event.subjectStudentId(),
        event.subject(),
        event.reason(),
        event.ok());
  }

  /** The latest {@code limit} entries about a student, newest first: who looked at them. */
  public Future<List<AuditEntry>> forStudent(SqlClient client, long studentId, int limit) {
    return client
        .preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM audit a WHERE a.subject_student_id = $1 ORDER BY a.at DESC, a.id DESC"
                + " LIMIT $2")
        .execute(Tuple.of(studentId, limit))
        .map(rows -> Rows.list(rows, AuditStore::entry))
        .recover(Sql.failed("read the audit trail of student " + studentId));
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
  public Future<List<Listed>> page(SqlClient client, Filter filter) {
    Objects.requireNonNull(filter, "filter");
    StringBuilder sql =
        new StringBuilder(
            "SELECT "
                + COLUMNS
                + ", s.display_name FROM audit a LEFT JOIN staff_account s ON s.id = a.actor_id"
                + " WHERE true");
    Tuple params = Tuple.tuple();
    if (filter.studentId() != null) {
      params.addLong(filter.studentId());
      sql.append(" AND a.subject_student_id = $").append(params.size());
    }
    if (filter.actorId() != null) {
      params.addLong(filter.actorId());
      sql.append(" AND a.actor_id = $").append(params.size());
    }
    if (filter.action() != null) {
      params.addString(filter.action());
      sql.append(" AND a.action = $").append(params.size());
    }
    if (filter.districtId() != null) {
      params.addLong(filter.districtId());
      int n = params.size();
      sql.append(" AND (EXISTS (SELECT 1 FROM student st WHERE st.id = a.subject_student_id")
          .append(" AND st.district_id = $")
          .append(n)
          .append(") OR s.district_id = $")
          .append(n)
          .append(')');
    }
    if (filter.beforeId() != null) {
      params.addLong(filter.beforeId());
      sql.append(" AND a.id < $").append(params.size());
    }
    params.addInteger(filter.limit());
    sql.append(" ORDER BY a.id DESC LIMIT $").append(params.size());
    return client
        .preparedQuery(sql.toString())
        .execute(params)
        .map(rows -> Rows.list(rows, r -> new Listed(entry(r), r.getString("display_name"))))
        .recover(Sql.failed("read the audit trail"));
  }

  private static AuditEntry entry(Row row) {
    return new AuditEntry(
        row.getLong("id"),
        Rows.instant(row, "at"),
        new AuditEvent(
            row.getLong("actor_id"),
            row.getString("actor_role"),
            row.getString("action"),
            row.getLong("subject_student_id"),
            row.getString("subject"),
            row.getString("reason"),
            row.getBoolean("ok")));
  }
}
