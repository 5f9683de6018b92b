package org.huxin.engine.roster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.huxin.engine.city.SchoolStage;
import org.huxin.engine.city.SyntheticCity;
import org.huxin.engine.store.DuplicateKeyException;
import org.huxin.engine.store.Jdbc;
import org.huxin.engine.store.Json;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.Sql;
import org.huxin.engine.store.StoreException;
import org.huxin.engine.store.Transactions;

/**
 * Districts, schools, classes and students. Single rows are inserted one by one; a whole city is
 * loaded in one transaction with COPY; the roster streams out for the gateway's login index. Names
 * go in and come out only through a {@link NameCipher}.
 */
public final class RosterStore {

  private static final int FETCH_SIZE = 10_000;

  private static final String SELECT_ROSTER =
      "SELECT s.id, s.district_id, s.school_id, sc.code, s.class_id, s.grade, s.sex,"
          + " s.birth_year, s.student_no, s.consent_guardian"
          + " FROM student s JOIN school sc ON sc.id = s.school_id ORDER BY s.id";

  private final DataSource dataSource;

  public RosterStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** Adds a district; {@code helpContactsJson} (a JSON object of crisis lines) may be null. */
  public long createDistrict(String code, String name, String helpContactsJson) {
    requireText("district code", code);
    requireText("district name", name);
    if (helpContactsJson != null) {
      Json.requireObject("help contacts of district " + code, helpContactsJson);
    }
    String sql =
        "INSERT INTO district (code, name, help_contacts) VALUES (?, ?, ?::jsonb) RETURNING id";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, code);
      ps.setString(2, name);
      ps.setString(3, helpContactsJson);
      return singleId(ps);
    } catch (SQLException e) {
      throw Sql.failure("create district " + code, e);
    }
  }

  public long createSchool(long districtId, String code, String name, SchoolStage stage) {
    requireText("school code", code);
    requireText("school name", name);
    Objects.requireNonNull(stage, "stage");
    String sql =
        "INSERT INTO school (district_id, code, name, stage) VALUES (?, ?, ?, ?) RETURNING id";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, districtId);
      ps.setString(2, code);
      ps.setString(3, name);
      ps.setString(4, stage.code());
      return singleId(ps);
    } catch (SQLException e) {
      throw Sql.failure("create school " + code + " in district " + districtId, e);
    }
  }

  /** Adds a class; its grade must be one that the school's stage teaches. */
  public long createClass(long schoolId, int grade, String name) {
    requireText("class name", name);
    if (grade < 1 || grade > 12) {
      throw new IllegalArgumentException("grade must be 1..12, got " + grade);
    }
    List<String> stagesTeachingGrade = new ArrayList<>();
    for (SchoolStage stage : SchoolStage.values()) {
      if (stage.teaches(grade)) {
        stagesTeachingGrade.add(stage.code());
      }
    }
    String what = "create class " + name + " of grade " + grade + " in school " + schoolId;
    String sql =
        "INSERT INTO school_class (school_id, grade, name) SELECT id, ?, ? FROM school"
            + " WHERE id = ? AND stage = ANY(?) RETURNING id";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, grade);
      ps.setString(2, name);
      ps.setLong(3, schoolId);
      ps.setArray(4, c.createArrayOf("text", stagesTeachingGrade.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return rs.getLong(1);
        }
      }
      throw new StoreException(
          what + ": the school does not exist or its stage does not teach grade " + grade);
    } catch (SQLException e) {
      throw Sql.failure(what, e);
    }
  }

  /** Adds a student with the name encrypted by {@code cipher}. */
  public long createStudent(NewStudent student, NameCipher cipher) {
    Objects.requireNonNull(student, "student");
    Objects.requireNonNull(cipher, "cipher");
    String sql =
        "INSERT INTO student (school_id, class_id, district_id, grade, sex, birth_year,"
            + " student_no, name_enc, consent_guardian, consent_at)"
            + " SELECT id, ?, district_id, ?, ?, ?, ?, ?, ?, ? FROM school WHERE id = ?"
            + " RETURNING id";
    String what = "create student " + student.studentNo() + " in school " + student.schoolId();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, student.classId());
      ps.setInt(2, student.grade());
      ps.setString(3, String.valueOf(student.sex()));
      ps.setInt(4, student.birthYear());
      ps.setString(5, student.studentNo());
      ps.setBytes(6, cipher.encrypt(student.name()));
      ps.setBoolean(7, student.consentGuardian());
      Jdbc.setInstant(ps, 8, student.consentAt());
      ps.setLong(9, student.schoolId());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return rs.getLong(1);
        }
      }
      throw new StoreException(what + ": the school does not exist");
    } catch (SQLException e) {
      throw Sql.failure(what, e);
    }
  }

  /**
   * Writes a whole city in one transaction: org units with multi-row inserts, students with COPY
   * (names encrypted on the way). Meant for an empty roster; a clash with existing codes fails the
   * whole load with {@link DuplicateKeyException}.
   */
  public RosterCounts bulkLoad(SyntheticCity city, NameCipher cipher) {
    Objects.requireNonNull(city, "city");
    Objects.requireNonNull(cipher, "cipher");
    try {
      return Transactions.inTransaction(dataSource, c -> RosterLoadBatch.load(c, city, cipher));
    } catch (SQLException e) {
      throw Sql.failure("bulk load of the city roster", e);
    }
  }

  /** Every student, ordered by id, read with a cursor so the server never sends all at once. */
  public List<RosterEntry> loadRoster() {
    List<RosterEntry> roster = new ArrayList<>();
    forEachStudent(roster::add);
    return roster;
  }

  /** Streams every student, ordered by id, to {@code sink} without holding them all. */
  public void forEachStudent(Consumer<RosterEntry> sink) {
    Objects.requireNonNull(sink, "sink");
    Map<String, String> schoolCodes = new HashMap<>();
    try {
      Transactions.readOnly(
          dataSource,
          c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT_ROSTER)) {
              ps.setFetchSize(FETCH_SIZE);
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  String schoolCode = schoolCodes.computeIfAbsent(rs.getString(4), code -> code);
                  sink.accept(
                      new RosterEntry(
                          rs.getLong(1),
                          rs.getLong(2),
                          rs.getLong(3),
                          schoolCode,
                          rs.getLong(5),
                          rs.getInt(6),
                          rs.getString(7).charAt(0),
                          rs.getInt(8),
                          rs.getString(9),
                          rs.getBoolean(10)));
                }
              }
            }
            return null;
          });
    } catch (SQLException e) {
      throw Sql.failure("load the roster", e);
    }
  }

  /** The decrypted name of student {@code id}, or empty when there is no such student. */
  public Optional<String> studentName(long id, NameCipher cipher) {
    Objects.requireNonNull(cipher, "cipher");
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT name_enc FROM student WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(cipher.decrypt(rs.getBytes(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw Sql.failure("read the name of student " + id, e);
    }
  }

  private static long singleId(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void requireText(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }
}
