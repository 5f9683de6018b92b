package org.huxin.engine.roster;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.huxin.engine.store.Rows;
import org.huxin.engine.store.Sql;

/**
 * Guardian consent per screening window ({@code guardian_consent}): who gave or withdrew it, when,
 * how, and who recorded it. Rows are only added; the newest of a student and window decides. {@link
 * #record} also sets the roster's standing flag ({@code student.consent_guardian}, {@code
 * consent_at}) in the same transaction, so login, slips and the consent lists, which read the flag,
 * agree with the record. Every method runs on the {@link SqlClient} it is given.
 */
public final class ConsentStore {

  /** How the consent reached the school. */
  public static final Set<String> METHODS = Set.of("paper_form", "online", "phone");

  private static final String INSERT_CONSENT =
      "INSERT INTO guardian_consent (student_id, window_id, given, recorded_by, source, method, at)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";

  private static final String UPDATE_FLAG =
      "UPDATE student SET consent_guardian = $1, consent_at = $2 WHERE id = $3";

  private static final String SELECT_HISTORY =
      "SELECT id, given, recorded_by, method, at FROM guardian_consent"
          + " WHERE student_id = $1 AND window_id = $2 ORDER BY id DESC LIMIT $3";

  private static final String INSERT_ASSENT =
      "INSERT INTO student_assent (window_id, student_id, form, assented_at, recorded_at)"
          + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING";

  /**
   * The submit's check in one statement: whether the newest record is a withdrawal, and, when it is
   * not and an assent time was sent ($4), the assent kept beside it (the first one counts).
   */
  private static final String CHECK_AT_SUBMIT =
      "WITH latest AS (SELECT given FROM guardian_consent"
          + " WHERE student_id = $1 AND window_id = $2 ORDER BY id DESC LIMIT 1),"
          + " assent AS (INSERT INTO student_assent"
          + " (window_id, student_id, form, assented_at, recorded_at)"
          + " SELECT $2::bigint, $1::bigint, $3::text, $4::timestamptz, $5::timestamptz"
          + " WHERE $4::timestamptz IS NOT NULL AND NOT EXISTS (SELECT 1 FROM latest WHERE NOT given)"
          + " ON CONFLICT DO NOTHING)"
          + " SELECT EXISTS (SELECT 1 FROM latest WHERE NOT given) AS withdrawn";

  /**
   * One giving or withdrawal. {@code recordedBy} is the staff account that recorded it, or null
   * when the guardian recorded it ({@code source} "guardian").
   */
  public record Consent(
      long studentId, long windowId, boolean given, Long recordedBy, String method, Instant at) {
    public Consent {
      if (!METHODS.contains(method)) {
        throw new IllegalArgumentException("method must be one of " + METHODS + ", got " + method);
      }
      Objects.requireNonNull(at, "at");
    }

    public String source() {
      return recordedBy == null ? "guardian" : "staff";
    }
  }

  /** A stored row. */
  public record Entry(long id, Consent consent) {}

  /**
   * Adds {@code consent} and sets the student's standing flag to match; the future holds the row
   * id. The two statements are pipelined: run it in a transaction, so both commit or neither.
   */
  public Future<Long> record(SqlClient client, Consent consent) {
    Objects.requireNonNull(consent, "consent");
    String what =
        (consent.given() ? "record consent" : "record a withdrawal of consent")
            + " for student "
            + consent.studentId()
            + " in window "
            + consent.windowId();
    Future<Long> id =
        client
            .preparedQuery(INSERT_CONSENT)
            .execute(
                Tuple.of(
                    consent.studentId(),
                    consent.windowId(),
                    consent.given(),
                    consent.recordedBy(),
                    consent.source(),
                    consent.method(),
                    Rows.at(consent.at())))
            .map(rows -> rows.iterator().next().getLong(0));
    Future<?> flag =
        client
            .preparedQuery(UPDATE_FLAG)
            .execute(Tuple.of(consent.given(), Rows.at(consent.at()), consent.studentId()));
    return Future.all(id, flag).map(all -> id.result()).recover(Sql.failed(what));
  }

  /** The newest record of the student for the window, if any. */
  public Future<Optional<Consent>> latest(SqlClient client, long studentId, long windowId) {
    return history(client, studentId, windowId, 1)
        .map(all -> all.isEmpty() ? Optional.empty() : Optional.of(all.get(0).consent()));
  }

  /** True if the newest record of the student for the window is a withdrawal. */
  public Future<Boolean> withdrawn(SqlClient client, long studentId, long windowId) {
    return latest(client, studentId, windowId).map(c -> c.map(x -> !x.given()).orElse(false));
  }

  /**
   * The check a submit makes, one statement and one round trip: true if the guardian's newest
   * record for the window is a withdrawal (then nothing is written); otherwise the student's
   * assent, when the page sent one ({@code assentedAt} not null), is kept (the first one counts)
   * and false is returned. Needs no transaction: the pool will do.
   */
  public Future<Boolean> withdrawnAtSubmit(
      SqlClient client,
      long studentId,
      long windowId,
      String form,
      Instant assentedAt,
      Instant now) {
    return client
        .preparedQuery(CHECK_AT_SUBMIT)
        .execute(Tuple.of(studentId, windowId, form, Rows.at(assentedAt), Rows.at(now)))
        .map(rows -> rows.iterator().next().getBoolean("withdrawn"))
        .recover(
            Sql.failed(
                "check consent at the submit of student " + studentId + " in window " + windowId));
  }

  /**
   * Keeps the student's assent to the privacy notice (the first one counts), for a submit whose
   * consent the roster already vouched for.
   */
  public Future<Void> recordAssent(
      SqlClient client,
      long studentId,
      long windowId,
      String form,
      Instant assentedAt,
      Instant now) {
    return client
        .preparedQuery(INSERT_ASSENT)
        .execute(Tuple.of(windowId, studentId, form, Rows.at(assentedAt), Rows.at(now)))
        .<Void>mapEmpty()
        .recover(
            Sql.failed("record the assent of student " + studentId + " in window " + windowId));
  }

  /** The student's records for the window, newest first, at most {@code limit}. */
  public Future<List<Entry>> history(SqlClient client, long studentId, long windowId, int limit) {
    return client
        .preparedQuery(SELECT_HISTORY)
        .execute(Tuple.of(studentId, windowId, limit))
        .map(rows -> Rows.list(rows, row -> entry(row, studentId, windowId)))
        .recover(Sql.failed("read the consent of student " + studentId + " in window " + windowId));
  }

  private static Entry entry(Row row, long studentId, long windowId) {
    return new Entry(
        row.getLong("id"),
        new Consent(
            studentId,
            windowId,
            row.getBoolean("given"),
            row.getLong("recorded_by"),
            row.getString("method"),
            Rows.instant(row, "at")));
  }
}
