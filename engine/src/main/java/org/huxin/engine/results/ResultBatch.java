package org.huxin.engine.results;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.huxin.engine.store.PgArrays;
import org.huxin.engine.store.Rows;

/**
 * Writes one batch of results in one transaction: one statement inserts the rows (skipping any
 * whose (window, student, form) is already stored) and the outbox rows of the new crisis results,
 * committed as it returns; a second reads back the rows that were already there, when any were.
 * Returns a receipt per input row, in input order.
 */
final class ResultBatch {

  private static final String INSERT =
      """
      WITH input AS (
        SELECT * FROM unnest($1::int8[], $2::int8[], $3::text[], $4::int8[], $5::int8[], $6::int8[],
                             $7::int2[], $8::text[], $9::text[], $10::text[], $11::text[], $12::bytea[],
                             $13::text[], $14::int2[], $15::bool[], $16::int2[], $17::int4[], $18::int2[],
                             $19::text[], $20::text[], $21::text[], $22::int4[], $23::uuid[])
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
        FROM unnest($1::int8[], $2::int8[], $3::text[]) AS k(window_id, student_id, form)
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
   * Writes {@code rows} in one transaction on {@code pool}; the future holds their receipts once
   * the transaction has committed, or fails with {@link ResultWriteException} after it was rolled
   * back.
   */
  static Future<List<StoredResult>> writeInOneTransaction(Pool pool, List<ResultRow> rows) {
    return write(pool, rows).recover(e -> Future.failedFuture(failure(e)));
  }

  private static ResultWriteException failure(Throwable e) {
    if (e instanceof ResultWriteException w) {
      return w;
    }
    if (e instanceof PgException p) {
      return new ResultWriteException(p.getSqlState(), p.getErrorMessage(), e);
    }
    String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    return new ResultWriteException(null, message, e);
  }

  /**
   * The insert is ONE statement (results and their outbox rows in CTEs), so it runs as its own
   * transaction in one round trip: no BEGIN or COMMIT to wait for, and its answer comes after its
   * commit. The read-back of rows already stored runs after it, only when there are any; they were
   * committed before (or the insert waited for the transaction that stored them), so it sees them.
   */
  private static Future<List<StoredResult>> write(SqlClient client, List<ResultRow> rows) {
    List<ResultRow> distinct = new ArrayList<>(rows.size());
    Map<Key, StoredResult> stored = new HashMap<>(rows.size() * 2);
    Map<Key, Integer> firstIndex = new HashMap<>(rows.size() * 2);
    for (int i = 0; i < rows.size(); i++) {
      if (firstIndex.putIfAbsent(Key.of(rows.get(i)), i) == null) {
        distinct.add(rows.get(i));
      }
    }
    return client
        .preparedQuery(INSERT)
        .execute(insertParameters(distinct))
        .compose(
            inserted -> {
              collect(inserted, stored, false);
              List<ResultRow> conflicted = new ArrayList<>();
              for (ResultRow row : distinct) {
                if (!stored.containsKey(Key.of(row))) {
                  conflicted.add(row);
                }
              }
              if (conflicted.isEmpty()) {
                return Future.succeededFuture();
              }
              return client
                  .preparedQuery(ALREADY_STORED)
                  .execute(keyParameters(conflicted))
                  .map(
                      already -> {
                        collect(already, stored, true);
                        return null;
                      });
            })
        .map(v -> receipts(rows, stored, firstIndex));
  }

  private static List<StoredResult> receipts(
      List<ResultRow> rows, Map<Key, StoredResult> stored, Map<Key, Integer> firstIndex) {
    List<StoredResult> receipts = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Key key = Key.of(rows.get(i));
      StoredResult receipt = stored.get(key);
      if (receipt == null) {
        throw new ResultWriteException(
            null,
            "result of window "
                + key.windowId()
                + " student "
                + key.studentId()
                + " form "
                + key.form()
                + " conflicted but could not be read back",
            null);
      }
      receipts.add(firstIndex.get(key) == i ? receipt : receipt.asDuplicate());
    }
    return receipts;
  }

  private static Tuple insertParameters(List<ResultRow> rows) {
    int n = rows.size();
    Long[] windowIds = new Long[n];
    Long[] studentIds = new Long[n];
    String[] forms = new String[n];
    Long[] districtIds = new Long[n];
    Long[] schoolIds = new Long[n];
    Long[] classIds = new Long[n];
    Short[] grades = new Short[n];
    String[] sexes = new String[n];
    String[] batteryIds = new String[n];
    String[] batteryVersions = new String[n];
    String[] normVersions = new String[n];
    Buffer[] answers = new Buffer[n];
    String[] scores = new String[n];
    Short[] tiers = new Short[n];
    Boolean[] crises = new Boolean[n];
    Short[] levels = new Short[n];
    Integer[] escalations = new Integer[n];
    Short[] validities = new Short[n];
    String[] firedRules = new String[n];
    String[] startedAts = new String[n];
    String[] submittedAts = new String[n];
    Integer[] durations = new Integer[n];
    UUID[] idempotencyKeys = new UUID[n];
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
      answers[i] = Buffer.buffer(r.answers());
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
    return Tuple.tuple()
        .addValue(windowIds)
        .addValue(studentIds)
        .addValue(forms)
        .addValue(districtIds)
        .addValue(schoolIds)
        .addValue(classIds)
        .addValue(grades)
        .addValue(sexes)
        .addValue(batteryIds)
        .addValue(batteryVersions)
        .addValue(normVersions)
        .addValue(answers)
        .addValue(scores)
        .addValue(tiers)
        .addValue(crises)
        .addValue(levels)
        .addValue(escalations)
        .addValue(validities)
        .addValue(firedRules)
        .addValue(startedAts)
        .addValue(submittedAts)
        .addValue(durations)
        .addValue(idempotencyKeys);
  }

  private static Tuple keyParameters(List<ResultRow> rows) {
    Long[] windowIds = new Long[rows.size()];
    Long[] studentIds = new Long[rows.size()];
    String[] forms = new String[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      windowIds[i] = rows.get(i).windowId();
      studentIds[i] = rows.get(i).studentId();
      forms[i] = rows.get(i).form();
    }
    return Tuple.of(windowIds, studentIds, forms);
  }

  private static void collect(RowSet<Row> rows, Map<Key, StoredResult> stored, boolean duplicate) {
    for (Row row : rows) {
      Key key = new Key(row.getLong(1), row.getLong(2), row.getString(3));
      stored.put(
          key,
          new StoredResult(
              row.getLong(0),
              row.getUUID(4),
              row.getBoolean(5),
              Rows.instant(row, "submitted_at"),
              row.getShort(7),
              duplicate));
    }
  }
}
