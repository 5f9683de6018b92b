package org.huxin.engine.roster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.huxin.engine.store.Jdbc;
import org.huxin.engine.store.Sql;
import org.huxin.engine.store.Transactions;

/**
 * Guardian consent per screening window ({@code guardian_consent}): who gave or withdrew it, when,
 * how, and who recorded it. Rows are only added; the newest of a student and window decides. {@link
 * #record} also sets the roster's standing flag ({@code student.consent_guardian}, {@code
 * consent_at}) in the same transaction, so login, slips and the consent lists, which read the flag,
 * agree with the record.
 */
public final class ConsentStore {

  /** How the consent reached the school. */
  public static final Set<String> METHODS = Set.of("paper_form", "online", "phone");

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

  private final DataSource dataSource;

  public ConsentStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** Adds {@code consent} and sets the student's standing flag to match; returns the row id. */
  public long record(Consent consent) {
    String what =
        (consent.given() ? "record consent" : "record a withdrawal of consent")
            + " for student "
            + consent.studentId()
            + " in window "
            + consent.windowId();
    try {
      return Transactions.inTransaction(
          dataSource,
          c -> {
            long id;
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO guardian_consent"
                        + " (student_id, window_id, given, recorded_by, source, method, at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
              ps.setLong(1, consent.studentId());
              ps.setLong(2, consent.windowId());
              ps.setBoolean(3, consent.given());
              Jdbc.setLong(ps, 4, consent.recordedBy());
              ps.setString(5, consent.source());
              ps.setString(6, consent.method());
              Jdbc.setInstant(ps, 7, consent.at());
              try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
              }
            }
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE student SET consent_guardian = ?, consent_at = ? WHERE id = ?")) {
              ps.setBoolean(1, consent.given());
              Jdbc.setInstant(ps, 2, consent.at());
              ps.setLong(3, consent.studentId());
              ps.executeUpdate();
            }
            return id;
          });
    } catch (SQLException e) {
      throw Sql.failure(what, e);
    }
  }

  /** The newest record of the student for the window, if any. */
  public Optional<Consent> latest(long studentId, long windowId) {
    List<Entry> all = history(studentId, windowId, 1);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0).consent());
  }

  /** True if the newest record of the student for the window is a withdrawal. */
  public boolean withdrawn(long studentId, long windowId) {
    return latest(studentId, windowId).map(c -> !c.given()).orElse(false);
  }

  /**
   * The check a submit makes, in one round trip: true if the guardian's newest record for the
   * window is a withdrawal (then nothing is written); otherwise the student's assent, when the page
   * sent one, is kept (the first one counts) and false is returned.
   */
  public boolean withdrawnAtSubmit(
      long studentId, long windowId, String form, Instant assentedAt, Instant now) {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT NOT given FROM guardian_consent WHERE student_id = ? AND window_id = ?"
                  + " ORDER BY id DESC LIMIT 1")) {
        ps.setLong(1, studentId);
        ps.setLong(2, windowId);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && rs.getBoolean(1)) {
            return true;
          }
        }
      }
      if (assentedAt != null) {
        insertAssent(c, studentId, windowId, form, assentedAt, now);
      }
      return false;
    } catch (SQLException e) {
      throw Sql.failure(
          "check consent at the submit of student " + studentId + " in window " + windowId, e);
    }
  }

  /**
   * Keeps the student's assent to the privacy notice (the first one counts), for a submit whose
   * consent the roster already vouched for.
   */
  public void recordAssent(
      long studentId, long windowId, String form, Instant assentedAt, Instant now) {
    try (Connection c = dataSource.getConnection()) {
      insertAssent(c, studentId, windowId, form, assentedAt, now);
    } catch (SQLException e) {
      throw Sql.failure("record the assent of student " + studentId + " in window " + windowId, e);
    }
  }

  private static void insertAssent(
      Connection c, long studentId, long windowId, String form, Instant assentedAt, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO student_assent (window_id, student_id, form, assented_at, recorded_at)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      ps.setLong(1, windowId);
      ps.setLong(2, studentId);
      ps.setString(3, form);
      Jdbc.setInstant(ps, 4, assentedAt);
      Jdbc.setInstant(ps, 5, now);
      ps.executeUpdate();
    }
  }

  /** The student's records for the window, newest first, at most {@code limit}. */
  public List<Entry> history(long studentId, long windowId, int limit) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, given, recorded_by, method, at FROM guardian_consent"
                    + " WHERE student_id = ? AND window_id = ? ORDER BY id DESC LIMIT ?")) {
      ps.setLong(1, studentId);
      ps.setLong(2, windowId);
      ps.setInt(3, limit);
      List<Entry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Long recordedBy = Jdbc.nullableLong(rs, "recorded_by");
          out.add(
              new Entry(
                  rs.getLong(1),
                  new Consent(
                      studentId,
                      windowId,
                      rs.getBoolean(2),
                      recordedBy,
                      rs.getString(4),
                      Jdbc.instant(rs, "at"))));
        }
      }
      return out;
    } catch (SQLException e) {
      throw Sql.failure("read the consent of student " + studentId + " in window " + windowId, e);
    }
  }
}
