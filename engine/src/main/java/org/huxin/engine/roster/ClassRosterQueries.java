package org.huxin.engine.roster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.huxin.engine.store.Jdbc;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.Sql;

/**
 * One class as a teacher sees it: where the class sits (school, district, grade) and its students
 * with their decrypted names, for printing access slips. Names are decrypted only here, on the
 * caller's thread, and never appear in a {@code toString} or an exception message.
 */
public final class ClassRosterQueries {

  private static final String SELECT_CLASS =
      "SELECT c.id, c.name, c.grade, s.id, s.code, s.name, s.district_id"
          + " FROM school_class c JOIN school s ON s.id = c.school_id WHERE c.id = ?";

  /** Shorter numbers first, so purely numeric student numbers sort as numbers (9 before 10). */
  private static final String SELECT_STUDENTS =
      "SELECT id, student_no, name_enc, consent_guardian FROM student WHERE class_id = ?"
          + " ORDER BY length(student_no), student_no COLLATE \"C\", id";

  private final DataSource dataSource;

  public ClassRosterQueries(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** Where class {@code classId} sits, or empty when there is no such class. */
  public Optional<ClassInfo> classInfo(long classId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(SELECT_CLASS)) {
      ps.setLong(1, classId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(classInfo(rs));
      }
    } catch (SQLException e) {
      throw Sql.failure("read class " + classId, e);
    }
  }

  /**
   * The classes of grades {@code minGrade..maxGrade} within a scope, by school, grade and name: all
   * of the city when every id is null, else those of {@code districtId}, of {@code schoolId} or the
   * one class {@code classId} (the narrowest given wins).
   */
  public List<ClassInfo> classes(
      Long districtId, Long schoolId, Long classId, int minGrade, int maxGrade) {
    String sql =
        "SELECT c.id, c.name, c.grade, s.id, s.code, s.name, s.district_id"
            + " FROM school_class c JOIN school s ON s.id = c.school_id"
            + " WHERE c.grade BETWEEN ? AND ?"
            + " AND (?::bigint IS NULL OR s.district_id = ?)"
            + " AND (?::bigint IS NULL OR s.id = ?)"
            + " AND (?::bigint IS NULL OR c.id = ?)"
            + " ORDER BY s.code, c.grade, length(c.name), c.name";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, minGrade);
      ps.setInt(2, maxGrade);
      Jdbc.setLong(ps, 3, districtId);
      Jdbc.setLong(ps, 4, districtId);
      Jdbc.setLong(ps, 5, schoolId);
      Jdbc.setLong(ps, 6, schoolId);
      Jdbc.setLong(ps, 7, classId);
      Jdbc.setLong(ps, 8, classId);
      List<ClassInfo> classes = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          classes.add(classInfo(rs));
        }
      }
      return classes;
    } catch (SQLException e) {
      throw Sql.failure("list the classes of grades " + minGrade + ".." + maxGrade, e);
    }
  }

  /**
   * The students of class {@code classId} ordered by student number, names decrypted with {@code
   * cipher}; empty for an empty or unknown class.
   */
  public List<ClassRosterEntry> students(long classId, NameCipher cipher) {
    Objects.requireNonNull(cipher, "cipher");
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(SELECT_STUDENTS)) {
      ps.setLong(1, classId);
      List<ClassRosterEntry> students = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          students.add(
              new ClassRosterEntry(
                  rs.getLong(1),
                  rs.getString(2),
                  cipher.decrypt(rs.getBytes(3)),
                  rs.getBoolean(4)));
        }
      }
      return students;
    } catch (SQLException e) {
      throw Sql.failure("read the students of class " + classId, e);
    }
  }

  /** The class of the current row of a query selecting {@link #SELECT_CLASS}'s columns. */
  private static ClassInfo classInfo(ResultSet rs) throws SQLException {
    return new ClassInfo(
        rs.getLong(1),
        rs.getString(2),
        rs.getInt(3),
        rs.getLong(4),
        rs.getString(5),
        rs.getString(6),
        rs.getLong(7));
  }

  /**
   * A class and the school and district it belongs to.
   *
   * @param className the school's name for the class within its grade, e.g. {@code 2班}
   * @param schoolCode the code students type at login
   */
  public record ClassInfo(
      long classId,
      String className,
      int grade,
      long schoolId,
      String schoolCode,
      String schoolName,
      long districtId) {

    public ClassInfo {
      if (classId <= 0 || schoolId <= 0 || districtId <= 0) {
        throw new IllegalArgumentException(
            "class, school and district ids must be positive, got "
                + classId
                + ", "
                + schoolId
                + ", "
                + districtId);
      }
      requireText("class name", className);
      requireText("school code", schoolCode);
      requireText("school name", schoolName);
      if (grade < 1 || grade > 12) {
        throw new IllegalArgumentException("grade must be 1..12, got " + grade);
      }
    }
  }

  /**
   * One student of a class, with the decrypted name. {@link #toString()} leaves the name out.
   *
   * @param consent whether a guardian has consented; without it the student cannot start
   */
  public record ClassRosterEntry(long studentId, String studentNo, String name, boolean consent) {

    public ClassRosterEntry {
      if (studentId <= 0) {
        throw new IllegalArgumentException("student id must be positive, got " + studentId);
      }
      requireText("student number", studentNo);
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
      return "ClassRosterEntry[" + studentId + ", no " + studentNo + ", consent " + consent + "]";
    }
  }

  private static void requireText(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }
}
