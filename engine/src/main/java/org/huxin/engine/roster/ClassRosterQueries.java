package org.huxin.engine.roster;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.Rows;
import org.huxin.engine.store.Sql;

/**
 * One class as a teacher sees it: where the class sits (school, district, grade) and its students
 * with their decrypted names, for printing access slips. Names are decrypted only here, as the read
 * completes, and never appear in a {@code toString} or an exception message. Every method runs on
 * the {@link SqlClient} it is given.
 */
public final class ClassRosterQueries {

  private static final String CLASS_COLUMNS =
      "SELECT c.id, c.name, c.grade, s.id, s.code, s.name, s.district_id"
          + " FROM school_class c JOIN school s ON s.id = c.school_id";

  private static final String SELECT_CLASS = CLASS_COLUMNS + " WHERE c.id = $1";

  /** The narrowest of district ($3), school ($4) and class ($5) given wins; null = any. */
  private static final String SELECT_CLASSES =
      CLASS_COLUMNS
          + " WHERE c.grade BETWEEN $1 AND $2"
          + " AND ($3::bigint IS NULL OR s.district_id = $3)"
          + " AND ($4::bigint IS NULL OR s.id = $4)"
          + " AND ($5::bigint IS NULL OR c.id = $5)"
          + " ORDER BY s.code, c.grade, length(c.name), c.name";

  /** Shorter numbers first, so purely numeric student numbers sort as numbers (9 before 10). */
  private static final String SELECT_STUDENTS =
      "SELECT id, student_no, name_enc, consent_guardian FROM student WHERE class_id = $1"
          + " ORDER BY length(student_no), student_no COLLATE \"C\", id";

  /** Where class {@code classId} sits, or empty when there is no such class. */
  public Future<Optional<ClassInfo>> classInfo(SqlClient client, long classId) {
    return client
        .preparedQuery(SELECT_CLASS)
        .execute(Tuple.of(classId))
        .map(rows -> Optional.ofNullable(Rows.first(rows, ClassRosterQueries::classOf)))
        .recover(Sql.failed("read class " + classId));
  }

  /**
   * The classes of grades {@code minGrade..maxGrade} within a scope, by school, grade and name: all
   * of the city when every id is null, else those of {@code districtId}, of {@code schoolId} or the
   * one class {@code classId} (the narrowest given wins).
   */
  public Future<List<ClassInfo>> classes(
      SqlClient client, Long districtId, Long schoolId, Long classId, int minGrade, int maxGrade) {
    Tuple params =
        Tuple.tuple()
            .addInteger(minGrade)
            .addInteger(maxGrade)
            .addLong(districtId)
            .addLong(schoolId)
            .addLong(classId);
    return client
        .preparedQuery(SELECT_CLASSES)
        .execute(params)
        .map(rows -> Rows.list(rows, ClassRosterQueries::classOf))
        .recover(Sql.failed("list the classes of grades " + minGrade + ".." + maxGrade));
  }

  /**
   * The students of class {@code classId} ordered by student number, names decrypted with {@code
   * cipher} on the thread that completes the read; empty for an empty or unknown class. A name that
   * does not decrypt fails the future with the cipher's own {@link
   * org.huxin.engine.store.NameCipherException}.
   */
  public Future<List<ClassRosterEntry>> students(
      SqlClient client, long classId, NameCipher cipher) {
    Objects.requireNonNull(cipher, "cipher");
    return client
        .preparedQuery(SELECT_STUDENTS)
        .execute(Tuple.of(classId))
        .recover(Sql.failed("read the students of class " + classId))
        .map(
            rows ->
                Rows.list(
                    rows,
                    r ->
                        new ClassRosterEntry(
                            r.getLong("id"),
                            r.getString("student_no"),
                            cipher.decrypt(r.getBuffer("name_enc").getBytes()),
                            r.getBoolean("consent_guardian"))));
  }

  /** The class of a row selecting {@link #CLASS_COLUMNS}, by position (two columns are "id"). */
  private static ClassInfo classOf(Row row) {
    return new ClassInfo(
        row.getLong(0),
        row.getString(1),
        row.getInteger(2),
        row.getLong(3),
        row.getString(4),
        row.getString(5),
        row.getLong(6));
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
