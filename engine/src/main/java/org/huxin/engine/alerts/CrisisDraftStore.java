package org.huxin.engine.alerts;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import javax.sql.DataSource;
import org.huxin.engine.results.ResultRow;
import org.huxin.engine.store.Jdbc;
import org.huxin.engine.store.Rows;
import org.huxin.engine.store.Sql;
import org.huxin.scales.CrisisLevel;

/**
 * Crisis answers seen in saved drafts ({@code crisis_draft}), so that one nobody submits still
 * reaches an adult. The gateway {@link #record}s a draft whose answers already put the student in
 * tier 3 before it acknowledges the save; at the row's {@code due_at} (first seen plus {@code
 * HUXIN_UNSUBMITTED_CRISIS_MINUTES}, or the window's close if sooner; at once when an admin closes
 * the window early) {@link #sweepDue} settles it: if the form was submitted meanwhile, the result
 * speaks for itself; otherwise an {@code unsubmitted} alert goes into the outbox with the draft's
 * level, once per student, window and form, in the same transaction.
 */
public final class CrisisDraftStore {

  /** The most rows one sweep settles. */
  public static final int MAX_BATCH = 1000;

  /** A crisis answer in a draft: who, at which level, which rules held, and until when it waits. */
  public record Signal(
      long windowId,
      long studentId,
      String form,
      long districtId,
      long schoolId,
      CrisisLevel level,
      String[] firedRules,
      Duration escalateAfter,
      Instant seenAt,
      Instant dueAt) {
    public Signal {
      Objects.requireNonNull(form, "form");
      if (!ResultRow.FORMS.contains(form)) {
        throw new IllegalArgumentException("form must be self, teacher or parent, got " + form);
      }
      Objects.requireNonNull(level, "level");
      firedRules = firedRules.clone();
      if (firedRules.length == 0) {
        throw new IllegalArgumentException("a crisis signal names the rules that held");
      }
      if (escalateAfter.isNegative() || escalateAfter.isZero()) {
        throw new IllegalArgumentException("escalateAfter must be positive");
      }
      Objects.requireNonNull(seenAt, "seenAt");
      Objects.requireNonNull(dueAt, "dueAt");
    }
  }

  /** What one sweep did: rows settled, and of those, how many raised an alert. */
  public record Sweep(int settled, int alerted) {}

  private static final String RECORD =
      """
      INSERT INTO crisis_draft (window_id, student_id, form, district_id, school_id, crisis_level,
                                fired_rules, escalate_s, first_seen_at, due_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8, $9, $10)
      ON CONFLICT (window_id, student_id, form) DO UPDATE
         SET crisis_level = GREATEST(crisis_draft.crisis_level, EXCLUDED.crisis_level),
             fired_rules = CASE WHEN EXCLUDED.crisis_level > crisis_draft.crisis_level
                                THEN EXCLUDED.fired_rules ELSE crisis_draft.fired_rules END,
             escalate_s = CASE WHEN EXCLUDED.crisis_level > crisis_draft.crisis_level
                               THEN EXCLUDED.escalate_s ELSE crisis_draft.escalate_s END,
             due_at = LEAST(crisis_draft.due_at, EXCLUDED.due_at)
       WHERE crisis_draft.settled_at IS NULL
         AND (EXCLUDED.crisis_level > crisis_draft.crisis_level
              OR EXCLUDED.due_at < crisis_draft.due_at)
      """;

  private static final String SWEEP =
      """
      WITH due AS (
        SELECT window_id, student_id, form, district_id, school_id, crisis_level, escalate_s
          FROM crisis_draft
         WHERE settled_at IS NULL
           AND (due_at <= ?
                OR window_id IN (SELECT id FROM screening_window
                                  WHERE status IN ('closed', 'archived')))
         ORDER BY due_at
         LIMIT ?
           FOR UPDATE SKIP LOCKED
      ), unsubmitted AS (
        SELECT d.* FROM due d
         WHERE NOT EXISTS (SELECT 1 FROM result r
                            WHERE r.window_id = d.window_id AND r.student_id = d.student_id
                              AND r.form = d.form)
      ), alerted AS (
        INSERT INTO alert_outbox (result_id, window_id, student_id, form, school_id, district_id,
                                  level, crisis_level, source, created_at, escalate_due_at)
        SELECT NULL, window_id, student_id, form, school_id, district_id, 3, crisis_level,
               'unsubmitted', ?, ?::timestamptz + make_interval(secs => escalate_s)
          FROM unsubmitted
        ON CONFLICT (window_id, student_id, form) WHERE source = 'unsubmitted' DO NOTHING
        RETURNING id, window_id, student_id, form
      ), settled AS (
        UPDATE crisis_draft c SET settled_at = ?, alert_id = a.id
          FROM due d LEFT JOIN alerted a USING (window_id, student_id, form)
         WHERE c.window_id = d.window_id AND c.student_id = d.student_id AND c.form = d.form
        RETURNING c.alert_id
      )
      SELECT count(*), count(alert_id) FROM settled
      """;

  private final DataSource dataSource;

  public CrisisDraftStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * Keeps {@code signal} until its due time: a new row, or on a row not yet settled a higher level
   * or an earlier due time (a submit refused for withdrawn consent is due at once). Once a row is
   * settled nothing more is recorded for that form in that window. The future succeeds once the row
   * is committed (on the pool, one statement commits on its own).
   */
  public Future<Void> record(SqlClient client, Signal signal) {
    Tuple parameters =
        Tuple.of(
            signal.windowId(),
            signal.studentId(),
            signal.form(),
            signal.districtId(),
            signal.schoolId(),
            (short) signal.level().code(),
            signal.firedRules(),
            (int) Math.min(Integer.MAX_VALUE, signal.escalateAfter().toSeconds()),
            Rows.at(signal.seenAt()),
            Rows.at(signal.dueAt()));
    return client
        .preparedQuery(RECORD)
        .execute(parameters)
        .<Void>mapEmpty()
        .recover(Sql.failed("record a crisis answer in a draft"));
  }

  /**
   * Settles up to {@code limit} rows due at {@code now}, in one transaction: each whose form has no
   * result gets an {@code unsubmitted} alert created at {@code now}, due to escalate after its
   * level's time. Rows other nodes are settling are skipped.
   */
  public Sweep sweepDue(Instant now, int limit) {
    Objects.requireNonNull(now, "now");
    if (limit < 1 || limit > MAX_BATCH) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_BATCH + ", got " + limit);
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(SWEEP)) {
      Jdbc.setInstant(ps, 1, now);
      ps.setInt(2, limit);
      Jdbc.setInstant(ps, 3, now);
      Jdbc.setInstant(ps, 4, now);
      Jdbc.setInstant(ps, 5, now);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new Sweep(rs.getInt(1), rs.getInt(2));
      }
    } catch (SQLException e) {
      throw Sql.failure("sweep due crisis drafts", e);
    }
  }

  /** How many recorded crisis drafts are not settled yet. */
  public long countOpen() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM crisis_draft WHERE settled_at IS NULL");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw Sql.failure("count open crisis drafts", e);
    }
  }
}
