package org.huxin.engine.results;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.huxin.engine.store.PgArrays;
import org.huxin.engine.store.Sql;
import org.huxin.engine.store.Transactions;

/**
 * Writes one batch of results in one transaction: one statement inserts the rows (skipping any
 * whose (window, student, form) is already stored) and the outbox rows of the new crisis results; a
 * second reads back the rows that were already there; then COMMIT. Returns a receipt per input row,
 * in input order.
 */
final class ResultBatch {

  private static final String INSERT =
      """
      WITH input AS (
        SELECT * FROM unnest(?::int8[], ?::int8[], ?::text[], ?::int8[], ?::int8[], ?::int8[],
                             ?::int2[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bytea[],
                             ?::text[], ?::int2[], ?::bool[], ?::int2[], ?::int4[], ?::int2[],
                             ?::text[], ?::text[], ?::text[], ?::int4[], ?::uuid[])
          AS t(window_id, student_id, form, district_id, school_id, class_id, grade, sex,
               battery_id, battery_version, norm_version, answers, scores, tier, crisis,
               crisis_level, escalate_s, validity, fired_rules, started_at, submitted_at,
               duration_ms, idempotency_key)
      ), inserted AS (
        INSERT INTO result (id, window_id, student_id, form, district_id, school_id, class_id,
                            grade, sex, battery_id, battery_version, norm_version, answers, scores,
                            tier, crisis, crisis_level, validity, fired_rules, started_at,
                            submitted_at, duration_ms, idempotency_key)
        SELECT nextval('result_id_seq'), window_id, student_id, form, district_id, school_id,
               class_id, grade, sex, battery_id, battery_version, norm_version, answers,
               scores::jsonb, tier, crisis, crisis_level, validity, fired_rules::text[],
               started_at::timestamptz, submitted_at::timestamptz, duration_ms, idempotency_key
          FROM input
        ON CONFLICT (window_id, student_id, form) DO NOTHING
        RETURNING id, window_id, student_id, form, school_id, district_id, tier, crisis,
                  crisis_level, submitted_at, idempotency_key
      ), alerts AS (
        INSERT INTO alert_outbox (result_id, window_id, student_id, form, school_id, district_id,
                                  level, crisis_level, source, created_at, escalate_due_at)
        SELECT i.id, i.window_id, i.student_id, i.form, i.school_id, i.district_id, i.tier,
               i.crisis_level, 'result', i.submitted_at,
               i.submitted_at + make_interval(secs => t.escalate_s)
          FROM inserted i
          JOIN input t
            ON t.window_id = i.window_id AND t.student_id = i.student_id AND t.form = i.form
         WHERE i.crisis
      )
      SELECT id, window_id, student_id, form, idempotency_key, crisis, submitted_at, tier
        FROM inserted
      """;

  private static final String ALREADY_STORED =
      """
      SELECT r.id, r.window_id, r.student_id, r.form, r.idempotency_key, r.crisis,
             r.submitted_at, r.tier
        FROM unnest(?::int8[], ?::int8[], ?::text[]) AS k(window_id, student_id, form)
        JOIN result r
          ON r.window_id = k.window_id AND r.student_id = k.student_id AND r.form = k.form
      """;

  /** What makes a result unique. */
  private record Key(long windowId, long studentId, String form) {
    static Key of(ResultRow row) {
      return new Key(row.windowId(), row.studentId(), row.form());
    }
  }

  private ResultBatch() {}

  /**
   * Writes {@code rows} in one transaction on a connection of {@code dataSource} and returns their
   * receipts once it has committed.
   *
   * @throws ResultWriteException if anything failed; the transaction was rolled back
   */
  static List<StoredResult> writeInOneTransaction(DataSource dataSource, List<ResultRow> rows) {
    try {
      return Transactions.inTransaction(dataSource, c -> write(c, rows));
    } catch (SQLException e) {
      throw new ResultWriteException(e.getSQLState(), Sql.primaryMessage(e), e);
    } catch (RuntimeException e) {
      throw new ResultWriteException(null, e.getClass().getName(), e);
    }
  }

  private static List<StoredResult> write(Connection connection, List<ResultRow> rows)
      throws SQLException {
    List<ResultRow> distinct = new ArrayList<>(rows.size());
    Map<Key, StoredResult> stored = new HashMap<>(rows.size() * 2);
    Map<Key, Integer> firstIndex = new HashMap<>(rows.size() * 2);
    for (int i = 0; i < rows.size(); i++) {
      if (firstIndex.putIfAbsent(Key.of(rows.get(i)), i) == null) {
        distinct.add(rows.get(i));
      }
    }
    insert(connection, distinct, stored);
    List<ResultRow> conflicted = new ArrayList<>();
    for (ResultRow row : distinct) {
      if (!stored.containsKey(Key.of(row))) {
        conflicted.add(row);
      }
    }
    if (!conflicted.isEmpty()) {
      readStored(connection, conflicted, stored);
    }
    List<StoredResult> receipts = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Key key = Key.of(rows.get(i));
      StoredResult receipt = stored.get(key);
      if (receipt == null) {
        throw new SQLException(
            "result of window "
                + key.windowId()
                + " student "
                + key.studentId()
                + " form "
                + key.form()
                + " conflicted but could not be read back");
      }
      receipts.add(firstIndex.get(key) == i ? receipt : receipt.asDuplicate());
    }
    return receipts;
  }

  private static void insert(Connection c, List<ResultRow> rows, Map<Key, StoredResult> stored)
      throws SQLException {
    int n = rows.size();
    Object[] windowIds = new Object[n];
    Object[] studentIds = new Object[n];
    Object[] forms = new Object[n];
    Object[] districtIds = new Object[n];
    Object[] schoolIds = new Object[n];
    Object[] classIds = new Object[n];
    Object[] grades = new Object[n];
    Object[] sexes = new Object[n];
    Object[] batteryIds = new Object[n];
    Object[] batteryVersions = new Object[n];
    Object[] normVersions = new Object[n];
    byte[][] answers = new byte[n][];
    Object[] scores = new Object[n];
    Object[] tiers = new Object[n];
    Object[] crises = new Object[n];
    Object[] levels = new Object[n];
    Object[] escalations = new Object[n];
    Object[] validities = new Object[n];
    Object[] firedRules = new Object[n];
    Object[] startedAts = new Object[n];
    Object[] submittedAts = new Object[n];
    Object[] durations = new Object[n];
    Object[] idempotencyKeys = new Object[n];
    for (int i = 0; i < n; i++) {
      ResultRow r = rows.get(i);
      windowIds[i] = r.windowId();
      studentIds[i] = r.studentId();
      forms[i] = r.form();
      districtIds[i] = r.districtId();
      schoolIds[i] = r.schoolId();
      classIds[i] = r.classId();
      grades[i] = (short) r.grade();
      sexes[i] = String.valueOf(r.sex());
      batteryIds[i] = r.batteryId();
      batteryVersions[i] = r.batteryVersion();
      normVersions[i] = r.normVersion();
      answers[i] = r.answers();
      scores[i] = r.scoresJson();
      tiers[i] = (short) r.tier();
      crises[i] = r.crisis();
      levels[i] = (short) r.crisisLevel();
      escalations[i] = r.escalateAfterS();
      validities[i] = (short) r.validity();
      firedRules[i] = PgArrays.literal(r.firedRules());
      startedAts[i] = r.startedAt() == null ? null : r.startedAt().toString();
      submittedAts[i] = r.submittedAt().toString();
      durations[i] = r.durationMs();
      idempotencyKeys[i] = r.idempotencyKey();
    }
    try (PreparedStatement insert = c.prepareStatement(INSERT)) {
      int p = 1;
      insert.setArray(p++, c.createArrayOf("int8", windowIds));
      insert.setArray(p++, c.createArrayOf("int8", studentIds));
      insert.setArray(p++, c.createArrayOf("text", forms));
      insert.setArray(p++, c.createArrayOf("int8", districtIds));
      insert.setArray(p++, c.createArrayOf("int8", schoolIds));
      insert.setArray(p++, c.createArrayOf("int8", classIds));
      insert.setArray(p++, c.createArrayOf("int2", grades));
      insert.setArray(p++, c.createArrayOf("text", sexes));
      insert.setArray(p++, c.createArrayOf("text", batteryIds));
      insert.setArray(p++, c.createArrayOf("text", batteryVersions));
      insert.setArray(p++, c.createArrayOf("text", normVersions));
      insert.setArray(p++, c.createArrayOf("bytea", answers));
      insert.setArray(p++, c.createArrayOf("text", scores));
      insert.setArray(p++, c.createArrayOf("int2", tiers));
      insert.setArray(p++, c.createArrayOf("bool", crises));
      insert.setArray(p++, c.createArrayOf("int2", levels));
      insert.setArray(p++, c.createArrayOf("int4", escalations));
      insert.setArray(p++, c.createArrayOf("int2", validities));
      insert.setArray(p++, c.createArrayOf("text", firedRules));
      insert.setArray(p++, c.createArrayOf("text", startedAts));
      insert.setArray(p++, c.createArrayOf("text", submittedAts));
      insert.setArray(p++, c.createArrayOf("int4", durations));
      insert.setArray(p, c.createArrayOf("uuid", idempotencyKeys));
      try (ResultSet rs = insert.executeQuery()) {
        collect(rs, stored, false);
      }
    }
  }

  private static void readStored(Connection c, List<ResultRow> rows, Map<Key, StoredResult> stored)
      throws SQLException {
    Object[] windowIds = new Object[rows.size()];
    Object[] studentIds = new Object[rows.size()];
    Object[] forms = new Object[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      windowIds[i] = rows.get(i).windowId();
      studentIds[i] = rows.get(i).studentId();
      forms[i] = rows.get(i).form();
    }
    try (PreparedStatement select = c.prepareStatement(ALREADY_STORED)) {
      select.setArray(1, c.createArrayOf("int8", windowIds));
      select.setArray(2, c.createArrayOf("int8", studentIds));
      select.setArray(3, c.createArrayOf("text", forms));
      try (ResultSet rs = select.executeQuery()) {
        collect(rs, stored, true);
      }
    }
  }

  private static void collect(ResultSet rs, Map<Key, StoredResult> stored, boolean duplicate)
      throws SQLException {
    while (rs.next()) {
      Key key = new Key(rs.getLong(2), rs.getLong(3), rs.getString(4));
      stored.put(
          key,
          new StoredResult(
              rs.getLong(1),
              rs.getObject(5, UUID.class),
              rs.getBoolean(6),
              rs.getObject(7, OffsetDateTime.class).toInstant(),
              rs.getShort(8),
              duplicate));
    }
  }
}
