package org.huxin.engine.followup;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.StoreException;

/**
 * Reads one student's archive: who they are (name decrypted) and every result of every window,
 * oldest window first. Results are looked up window by window ({@code window_id = ANY(...) AND
 * student_id = ?}), so each window's hash partition is pruned to the one that holds the student.
 */
public final class StudentArchiveQueries {

  private final DataSource dataSource;
  private final NameCipher names;

  public StudentArchiveQueries(DataSource dataSource, NameCipher names) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.names = Objects.requireNonNull(names, "names");
  }

  /** The student with name, school and class, or empty if there is no such student. */
  public Optional<ArchiveStudent> student(long studentId) {
    String sql =
        """
        SELECT s.id, s.student_no, s.name_enc, s.district_id, s.school_id, sc.name AS school_name,
               s.class_id, c.name AS class_name, s.grade, s.sex, s.birth_year,
               s.consent_guardian, s.consent_at
          FROM student s
          JOIN school sc ON sc.id = s.school_id
          JOIN school_class c ON c.id = s.class_id
         WHERE s.id = ?
        """;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, studentId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new ArchiveStudent(
                rs.getLong("id"),
                rs.getString("student_no"),
                names.decrypt(rs.getBytes("name_enc")),
                rs.getLong("district_id"),
                rs.getLong("school_id"),
                rs.getString("school_name"),
                rs.getLong("class_id"),
                rs.getString("class_name"),
                rs.getInt("grade"),
                rs.getString("sex").charAt(0),
                rs.getInt("birth_year"),
                rs.getBoolean("consent_guardian"),
                instant(rs, "consent_at")));
      }
    } catch (SQLException e) {
      throw new StoreException(
          "read student " + studentId + " for the archive: " + e.getMessage(), e);
    }
  }

  /** Every result of the student in every window, oldest window first, then by form. */
  public List<ArchiveResult> results(long studentId) {
    String sql =
        """
        SELECT r.id, r.window_id, w.name AS window_name, w.opens_at, w.closes_at, r.form,
               r.battery_id, r.norm_version, r.tier, r.crisis, r.crisis_level, r.validity,
               r.fired_rules,
               r.scores::text AS scores, r.submitted_at
          FROM result r
          JOIN screening_window w ON w.id = r.window_id
         WHERE r.window_id = ANY (ARRAY(SELECT id FROM screening_window)) AND r.student_id = ?
         ORDER BY w.opens_at, w.id, r.form
        """;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, studentId);
      List<ArchiveResult> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new ArchiveResult(
                  rs.getLong("id"),
                  rs.getLong("window_id"),
                  rs.getString("window_name"),
                  instant(rs, "opens_at"),
                  instant(rs, "closes_at"),
                  rs.getString("form"),
                  rs.getString("battery_id"),
                  rs.getString("norm_version"),
                  rs.getInt("tier"),
                  rs.getBoolean("crisis"),
                  rs.getInt("crisis_level"),
                  rs.getInt("validity"),
                  strings(rs.getArray("fired_rules")),
                  rs.getString("scores"),
                  instant(rs, "submitted_at")));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException(
          "read the results of student " + studentId + ": " + e.getMessage(), e);
    }
  }

  static List<String> strings(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    try {
      return Arrays.asList((String[]) array.getArray());
    } finally {
      array.free();
    }
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
